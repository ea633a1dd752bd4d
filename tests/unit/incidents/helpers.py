"""Builders for hand-made reports: NewsItems with our own Arabic sentences and their Analysis."""

from __future__ import annotations

from datetime import UTC, date, datetime

from monitor.models import Actor, Analysis, Casualty, Location, NewsItem

DEIR = Location(
    text="دير الزور",
    name="Deir ez-Zor",
    admin1="SY-DY",
    country="SY",
    lat=35.336,
    lon=40.141,
    kind="city",
)
MAYADIN = Location(
    text="الميادين",
    name="Al-Mayadin",
    admin1="SY-DY",
    country="SY",
    lat=35.018,
    lon=40.451,
    kind="city",
)
BUKAMAL = Location(
    text="البوكمال",
    name="Albukamal",
    admin1="SY-DY",
    country="SY",
    lat=34.453,
    lon=40.918,
    kind="city",
)
OMAR = Location(
    text="حقل العمر",
    name="Al-Omar oil field",
    admin1="SY-DY",
    country="SY",
    lat=35.07,
    lon=40.56,
    kind="base",
)
TANF = Location(
    text="التنف", name="Al-Tanf", admin1="SY-HI", country="SY", lat=33.50, lon=38.67, kind="base"
)
SHADDADI = Location(
    text="الشدادي",
    name="Al-Shaddadi",
    admin1="SY-HA",
    country="SY",
    lat=36.05,
    lon=40.73,
    kind="town",
)
BAGHDAD = Location(
    text="بغداد", name="Baghdad", admin1="IQ-BG", country="IQ", lat=33.31, lon=44.36, kind="city"
)
US_ATTACKER = Actor(name="US forces", side="us_coalition", role="attacker")
IRGC_TARGET = Actor(name="IRGC", side="iran_aligned", role="target")
MILITIA_ATTACKER = Actor(name="Islamic Resistance in Iraq", side="iran_aligned", role="attacker")
US_TARGET = Actor(name="US forces", side="us_coalition", role="target")


def at(day: int, hour: int = 9, month: int = 2) -> datetime:
    return datetime(2024, month, day, hour, tzinfo=UTC)


def item(item_id: str, outlet: str, title: str, body: str, published: datetime | None) -> NewsItem:
    return NewsItem(
        item_id=item_id,
        feed_id=item_id.split(":")[0],
        outlet=outlet,
        url=f"https://example.org/{item_id.replace(':', '/')}",
        title=title,
        body=body,
        lang="ar",
        published_at=published,
        fetched_at=published or at(1),
    )


def analysis(
    item_id: str,
    *,
    event_date: date | None = None,
    locations: tuple[Location, ...] = (),
    actors: tuple[Actor, ...] = (US_ATTACKER, IRGC_TARGET),
    killed: int | None = None,
    killed_side: str | None = "iran_aligned",
    wounded: int | None = None,
    wounded_side: str | None = None,
    event_types: tuple[str, ...] = ("Air/drone strike",),
    weapons: tuple[str, ...] = ("fighter_jet",),
    relevant: bool = True,
) -> Analysis:
    casualties = []
    if killed is not None:
        casualties.append(Casualty(kind="killed", count=killed, side=killed_side))  # type: ignore[arg-type]
    if wounded is not None:
        casualties.append(Casualty(kind="wounded", count=wounded, side=wounded_side))  # type: ignore[arg-type]
    return Analysis(
        item_id=item_id,
        relevant=relevant,
        score=0.9 if relevant else 0.1,
        event_types=event_types,
        actors=actors,
        locations=locations,
        casualties=tuple(casualties),
        weapons=weapons,
        event_date=event_date,
    )
