"""File uploads on people's pages: a size limit per route, and reading an uploaded CSV as text.

The app refuses bodies over 16 KiB (the widget's posts are small). An upload
route raises that with ``@allow_upload(bytes)``. The limit has to be set
before anything reads the form, and the CSRF check reads it before the view
runs, so ``apply_limit`` runs as a before-request hook ahead of that check.
"""
from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

MIB = 1024 * 1024


class UploadTooLarge(RequestEntityTooLarge):
    """A file over the route's limit: the error page says what the limit is (``for_people``)."""

    for_people = True

    def __init__(self, limit: int):
        super().__init__(description=f"The file must be smaller than {size_words(limit)}. Split it into smaller "
                                     "files and upload each one.")


def size_words(limit: int) -> str:
    return f"{limit / MIB:g} MB" if limit >= MIB else f"{limit // 1024} KB"


def allow_upload(max_bytes: int):
    """Mark a view as taking uploads of up to ``max_bytes`` (the whole form, file included)."""
    def mark(view):
        view.max_upload_bytes = max_bytes
        return view
    return mark


def apply_limit():
    """before_request: raise the body limit for an upload route; refuse at once a body declared too big."""
    view = current_app.view_functions.get(request.endpoint)
    limit = getattr(view, "max_upload_bytes", None)
    if limit is None or request.method != "POST":
        return
    request.max_content_length = limit
    # A browser declares the size of a form it sends: refuse a large one before reading it. A body with no
    # declared length is still stopped at the limit while it is read (werkzeug's own 413).
    if request.content_length is not None and request.content_length > limit:
        raise UploadTooLarge(limit)


def read_text(storage) -> str:
    """An uploaded file as text: UTF-8, with or without the byte-order mark spreadsheets add.

    ValueError, with a message for people, when it is not text.
    """
    data = storage.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("The file must be a CSV file saved as UTF-8 (in Excel: Save as, CSV UTF-8)") from None
    if "\x00" in text:
        raise ValueError("The file must be a CSV file, not a spreadsheet or other document")
    return text

