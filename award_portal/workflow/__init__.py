"""The one way a record's status changes: `transition(obj, move, actor, **data)`.

Each kind of record with a status declares its moves as data (`Workflow`), next to its
model; the engine locks the row, checks the move, saves the new status with what the move
stamps, runs the move's effects, writes one `StateChange` audit record and runs the move's
notifications after commit. See `engine.py`.
"""
