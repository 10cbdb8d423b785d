"""The HTML site and the moderation panel."""
from flask import Flask

from . import abuse, admin, articles, assets, attachments, audit, auth, dashboard, filters, health, \
    moderation, request_log, security


def init_web(app: Flask) -> None:
    app.register_blueprint(articles.bp)
    app.register_blueprint(attachments.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(moderation.bp)
    app.register_blueprint(abuse.bp)
    app.register_blueprint(audit.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(health.bp)
    filters.register(app)
    security.register(app)
    request_log.register(app)
    assets.register(app)
