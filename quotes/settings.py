"""What a user may choose about what counts as a quote."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Settings:
    """``phrases``: noun phrases a speech verb takes count as quotes too ("The council denied
    the permit", "The group claimed the bombing"), as PolNeAR annotates them. Off by default:
    news-quote annotation (the Gender Gap Tracker's guidelines) counts what someone says, a
    clause or quoted words ("called him a “loser”" stays: its quoted words are speech)."""

    phrases: bool = False


#: The default settings.
DEFAULT = Settings()
