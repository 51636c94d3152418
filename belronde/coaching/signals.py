"""What coaching tells the apps above it, without importing them.

``trajectory_started(trajectory, actor)`` is sent inside ``actions.start_trajectory``'s
transaction, after the trajectory and its activities exist: ``funding`` enrols the trajectory
in the chapter's programme (or records which rule refused it). A receiver that raises rolls the
start back, so receivers record refusals instead of raising them."""

from django.dispatch import Signal

trajectory_started = Signal()
