"""The archive's web page and JSON API (Flask): `union-archive serve`."""

from web.app import create_app

__all__ = ["create_app"]
