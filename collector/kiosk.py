"""The reception-desk kiosk: /kiosk/<site_key> and the face-to-face ratings it posts."""


def register(app):
    pass
