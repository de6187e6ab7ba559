"""Clean (issue 14): SQLAlchemy 1.4's ORM over in-memory SQLite, one query a cycle.

Each query makes a cursor, and CPython's sqlite3 keeps a weak reference to every cursor in a
list on the connection that it prunes only every 201 cursors. Over a 100-cycle measured phase
that list grows by exactly one a cycle; leakgate's confirming extension sees it fall back.
Run it with an interpreter that has SQLAlchemy (Debian: python3-sqlalchemy)."""
from sqlalchemy import Column, Integer, String, create_engine, select
from sqlalchemy.orm import Session, declarative_base

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String(50))


engine = create_engine("sqlite://")


def setup():
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        s.add_all([User(name="u%d" % i) for i in range(20)])
        s.commit()


def cycle():
    with Session(engine) as s:
        users = s.execute(select(User).where(User.id < 5)).scalars().all()
    return len(users)


def teardown():
    engine.dispose()
