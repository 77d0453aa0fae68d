"""`sitrep eval`: registered on the main app by sitrep.cli."""


def register(app) -> None:  # filled in with the evaluation command
    return None
