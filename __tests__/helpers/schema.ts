/** Check reports against the report's contract (reportSchema(), from which schema/report.schema.json is generated). */
import { reportSchema } from '../../src/report/types.js';

/** The contract's complaints about a report, one line each (path, what is wrong); empty when it is valid. */
export function schemaErrors(report: unknown): string[] {
  const parsed = reportSchema().safeParse(report);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => `/${issue.path.join('/')} ${issue.message}`);
}
