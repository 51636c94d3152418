"""``{% offer_window service %}``: where an entrepreneur is told about the federation's coaching
(the referral screen, the service page), the programme's last start date, or that the offer
ended. The referrals templates load it, so ``referrals`` imports nothing from ``funding``."""

from __future__ import annotations

from typing import Any

from django import template

from belronde.funding.access import offer_state

register = template.Library()


@register.inclusion_tag("funding/_offer_window.html")
def offer_window(service: Any) -> dict[str, Any]:
    if getattr(service, "kind", "") != "coaching":
        return {"state": None}
    return {"state": offer_state(service.chapter)}
