"""The newsroom's dashboard under /kiem-duyet/tong-quan."""
from datetime import timedelta

from flask import Blueprint, render_template

from ..dashboard import build_dashboard
from ..models import utcnow
from .auth import editor_required
from ..timezone import VIETNAM

bp = Blueprint("dashboard", __name__, url_prefix="/kiem-duyet")


@bp.get("/tong-quan")
@editor_required
def index():
    now = utcnow()
    figures = build_dashboard(now, utc_offset=VIETNAM.utcoffset(None))
    return render_template("dashboard/index.html", figures=figures, now=now)


@bp.app_template_filter("duration")
def duration(value: timedelta) -> str:
    """A span of time the way an editor says it: "2 ngày 3 giờ", "45 phút"."""
    minutes = int(value.total_seconds() // 60)
    if minutes < 1:
        return "dưới 1 phút"
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days} ngày" if days else "", f"{hours} giờ" if hours else "", f"{minutes} phút" if minutes and not days else ""]
    return " ".join(p for p in parts if p)
