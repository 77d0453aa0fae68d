"""`sitrep serve`: registered on the main app by sitrep.cli."""


def register(app) -> None:  # filled in with the deployment-serving command
    return None
