"""Great-circle distance, and the English names of the governorates alerts mention."""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

__all__ = ["ADMIN1_NAMES", "EARTH_RADIUS_KM", "haversine_km"]

EARTH_RADIUS_KM = 6371.0088

# ISO 3166-2 -> English name, for summary_en. Unknown codes are printed as the code.
ADMIN1_NAMES: dict[str, str] = {
    "SY-DY": "Deir ez-Zor",
    "SY-HA": "Al-Hasakah",
    "SY-RA": "Raqqa",
    "SY-HI": "Homs",
    "SY-RD": "Rif Dimashq",
    "SY-DI": "Damascus",
    "SY-DR": "Daraa",
    "SY-SU": "As-Suwayda",
    "SY-QU": "Quneitra",
    "SY-HL": "Aleppo",
    "SY-ID": "Idlib",
    "SY-HM": "Hama",
    "SY-LA": "Latakia",
    "SY-TA": "Tartus",
    "IQ-AN": "Anbar",
    "IQ-NI": "Nineveh",
    "IQ-BG": "Baghdad",
    "IQ-AR": "Erbil",
    "JO-MA": "Mafraq",
}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres.

    >>> round(haversine_km(35.33, 40.14, 34.45, 40.92))  # Deir ez-Zor city -> Albukamal
    121
    """
    p1, p2 = radians(lat1), radians(lat2)
    dp, dl = p2 - p1, radians(lon2 - lon1)
    a = sin(dp / 2) ** 2 + cos(p1) * cos(p2) * sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(a)))
