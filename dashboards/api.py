"""The summary API: GET /api/v1/councils/<slug>/summary."""


def register(app):
    pass
