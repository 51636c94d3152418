"""The coordinator's coaching pages (workload, reassign, timeline) and follow-ups, hand-off."""

C = "c/<slug:chapter>/"

urlpatterns: list = []
