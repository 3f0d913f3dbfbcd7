"""UI layer: the phone's position (flet-geolocator) with its accuracy, or why there is none.

`locate` asks the platform in the order Android wants it: is location on, may the app read
it (asking once), then one fresh fix. Every failure becomes a `LocationProblem` whose reason
the form turns into a sentence: "off", "refused" or "unavailable" (no geolocator in this
build or in a browser, no fix, or an error of the plugin's own).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from field_app.i18n import Translator

ROUGH_METRES = 100  # a fix less accurate than this is shown with a warning

_REFUSED = frozenset({"denied", "deniedForever"})


@dataclass(frozen=True)
class Fix:
    lat: float
    lon: float
    accuracy_m: float | None  # radius in metres, as the platform reports it


class LocationProblem(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _status(value: Any) -> str:
    return str(getattr(value, "value", value))


async def locate(locator: Any | None) -> Fix:
    """One position from `locator` (a flet_geolocator.Geolocator or None)."""
    if locator is None:
        raise LocationProblem("unavailable")
    try:
        if not await locator.is_location_service_enabled():
            raise LocationProblem("off")
        status = _status(await locator.get_permission_status())
        if status == "denied":
            status = _status(await locator.request_permission())
        if status in _REFUSED:
            raise LocationProblem("refused")
        position = await locator.get_current_position()
    except LocationProblem:
        raise
    except Exception:  # the plugin's own errors (timeouts, platform exceptions)
        raise LocationProblem("unavailable") from None
    lat, lon = getattr(position, "latitude", None), getattr(position, "longitude", None)
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise LocationProblem("unavailable")
    accuracy = getattr(position, "accuracy", None)
    return Fix(float(lat), float(lon), float(accuracy) if accuracy is not None else None)


def describe(t: Translator, fix: Fix) -> str:
    """The line under the button: the position, then how far off it may be."""
    line = t("pform.gps_got", lat=f"{fix.lat:.5f}", lon=f"{fix.lon:.5f}")
    if fix.accuracy_m is None:
        return line
    metres = round(fix.accuracy_m)
    if metres > ROUGH_METRES:
        return f"{line}\n{t('pform.gps_rough', m=metres)}"
    return f"{line} · {t('pform.gps_accuracy', m=metres)}"
