"""Small, named helper modules shared by the apps (no Django models here)."""
