"""The one next step of a call round, for the coordinator's campaign page.

A round goes draft -> (distribute -> publish) -> running -> closed, with pauses; each of those
is a separate button, and a first-time coordinator does not know which one comes next or what
it does. :func:`next_step` reads the facts of a round (``access.campaign_overview``) and names
the single step that moves it on, with a short text saying what that step does. The campaign
page shows it next to its button (``campaign_detail.html`` renders the button of ``code``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: every step code, with the control the campaign page shows for it
CONTROLS = {
    "empty_segment": "edit",  # change the segment
    "add_callers": "edit",
    "distribute": "propose",  # POST distribution operation=propose
    "publish": "distribution",  # open the distribution page, check, publish there
    "start": "start",  # POST status=running
    "not_started": "edit",  # running, before starts_on: change the dates or wait
    "ended": "close",  # running or paused, after ends_on: close (or change the dates)
    "share_out": "rebalance",  # POST distribution operation=rebalance
    "add_new": "add_new",  # POST distribution operation=add_new
    "finish": "close",
    "calling": "pause",
    "resume": "start",
    "closed": "",
}


@dataclass(frozen=True)
class Facts:
    """What the next step depends on (see ``access.campaign_overview``)."""

    status: str  # Campaign.Status value
    period: str  # Campaign.period_state(today): "before", "during" or "after"
    starts_on: str  # formatted dates, for the texts
    ends_on: str
    callers: int
    in_segment: int  # firms the segment selects now
    contacts: int  # the round's assignments
    finished: int  # contacts done, unreachable, refused or do-not-call
    proposed: int  # open contacts with a proposed caller
    unpublished: int  # open contacts nobody holds whose proposed caller is not their published one
    published: bool  # the distribution was published at least once
    new_in_segment: int  # firms in the segment without a contact yet
    idle_callers: tuple[str, ...] = ()  # callers without open contacts while others have several
    orphaned: int = 0  # open contacts given to someone who no longer calls in this round


@dataclass(frozen=True)
class Step:
    code: str
    title: str
    text: str
    control: str = field(default="")


def _step(code: str, title: str, text: str) -> Step:
    return Step(code, title, text, CONTROLS[code])


def next_step(f: Facts) -> Step:
    """The one step that moves the round on from where it stands."""
    if f.status == "closed":
        return _step(
            "closed",
            _("This call round is closed"),
            _("No more calls are handed out. The conversations and figures stay available."),
        )
    if f.period == "after":
        return _step(
            "ended",
            _("The end date has passed"),
            _(
                "The round ended on %(date)s: callers get no more calls. Close it to release "
                "the contacts still held, or change the end date to go on calling."
            )
            % {"date": f.ends_on},
        )
    if f.status == "draft":
        return _draft_step(f)
    if f.status == "paused":
        if f.orphaned or f.idle_callers:
            return _share_out_step(f)
        return _step(
            "resume",
            _("Resume calling"),
            _("The round is paused: callers get no calls. Resuming hands out calls again."),
        )
    return _running_step(f)


def _draft_step(f: Facts) -> Step:
    if f.in_segment == 0 and f.contacts == 0:
        return _step(
            "empty_segment",
            _("The segment selects no firms"),
            _("Change the segment (employees, sectors, postal codes) so that it selects firms."),
        )
    if f.callers == 0:
        return _step(
            "add_callers",
            _("Add callers"),
            _("Choose who calls in this round; then share the firms out among them."),
        )
    if f.contacts == 0 or (f.proposed == 0 and not f.published):
        return _step(
            "distribute",
            _("Share the firms out among the callers"),
            ngettext(
                "Not distributed yet: %(n)s firm in the segment. A proposal gives each caller "
                "about as many, preferably in sectors and places they know, never one they "
                "declared a conflict with; you check it before publishing.",
                "Not distributed yet: %(n)s firms in the segment. A proposal gives each caller "
                "about as many, preferably in sectors and places they know, never one they "
                "declared a conflict with; you check it before publishing.",
                f.in_segment,
            )
            % {"n": f.in_segment},
        )
    if f.published and (f.orphaned or f.idle_callers):
        return _share_out_step(f)
    if f.unpublished:
        return _step(
            "publish",
            _("Check and publish the distribution"),
            ngettext(
                "The proposal is not published yet (%(n)s contact). Publishing gives each caller "
                "their contacts; they see them as soon as the round is started.",
                "The proposal is not published yet (%(n)s contacts). Publishing gives each "
                "caller their contacts; they see them as soon as the round is started.",
                f.unpublished,
            )
            % {"n": f.unpublished},
        )
    return _step(
        "start",
        _("Start the call round"),
        _(
            "Starting hands out calls: from %(date)s each caller gets “Next call” in My calls, "
            "their own contacts first, then the common pool. Firms that entered the segment "
            "since the distribution are added to the pool."
        )
        % {"date": f.starts_on},
    )


def _share_out_step(f: Facts) -> Step:
    parts = []
    if f.idle_callers:
        parts.append(
            ngettext(
                "%(names)s has no open contacts while others still have several.",
                "%(names)s have no open contacts while others still have several.",
                len(f.idle_callers),
            )
            % {"names": ", ".join(f.idle_callers)}
        )
    if f.orphaned:
        parts.append(
            ngettext(
                "%(n)s open contact is given to someone who no longer calls in this round.",
                "%(n)s open contacts are given to people who no longer call in this round.",
                f.orphaned,
            )
            % {"n": f.orphaned}
        )
    parts.append(
        _(
            "Sharing out moves open contacts nobody is calling from the busiest callers to "
            "the least busy ones (declared conflicts respected); contacts being called or "
            "with an agreed call-back stay where they are."
        )
    )
    return _step("share_out", _("Share the open contacts out again"), " ".join(parts))


def _running_step(f: Facts) -> Step:
    if f.period == "before":
        return _step(
            "not_started",
            _("The round has not started yet"),
            _("Calls are handed out from %(date)s on. Change the start date to begin earlier.")
            % {"date": f.starts_on},
        )
    if f.orphaned or f.idle_callers:
        return _share_out_step(f)
    if f.new_in_segment:
        return _step(
            "add_new",
            _("Add the firms that entered the segment"),
            ngettext(
                "%(n)s firm entered the segment after the contacts were made (for example by "
                "an import). Adding it puts it in the common pool, for any caller.",
                "%(n)s firms entered the segment after the contacts were made (for example by "
                "an import). Adding them puts them in the common pool, for any caller.",
                f.new_in_segment,
            )
            % {"n": f.new_in_segment},
        )
    if f.contacts and f.finished >= f.contacts:
        return _step(
            "finish",
            _("Every contact is finished"),
            _("Close the round: nothing is left to call."),
        )
    if f.unpublished and f.published:
        return _step(
            "publish",
            _("Publish the changed distribution"),
            ngettext(
                "%(n)s contact has a proposed caller that is not published yet.",
                "%(n)s contacts have a proposed caller that is not published yet.",
                f.unpublished,
            )
            % {"n": f.unpublished},
        )
    return _step(
        "calling",
        _("The callers are calling"),
        _(
            "Calls are handed out until %(date)s. Pausing stops handing out calls for a while "
            "(calls in progress can still be saved); closing ends the round for good."
        )
        % {"date": f.ends_on},
    )
