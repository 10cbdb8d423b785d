"""Vietnam's clock: times are stored in UTC and shown, filtered and counted in Vietnam time."""
from datetime import timedelta, timezone

# Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact.
VIETNAM = timezone(timedelta(hours=7), "ICT")
