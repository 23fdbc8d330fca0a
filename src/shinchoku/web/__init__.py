"""The web app: public dashboard of published figures, staff area, JSON API."""

from shinchoku.web.app import create_app
from shinchoku.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
