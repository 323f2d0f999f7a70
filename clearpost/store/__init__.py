"""Storage adapter: SQLAlchemy 2 Core over SQLite (embedded default) or PostgreSQL (production).

Functions here take a connection and never commit: the caller owns the transaction.
"""
