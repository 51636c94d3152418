"""Shared pytest fixtures: a real SMTP server process, Chromium for browser tests."""

from __future__ import annotations

import mailbox
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("BELRONDE_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API + live_server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SmtpServer:
    """An aiosmtpd process delivering into a Maildir that tests read back."""

    def __init__(self, directory: Path) -> None:
        self.host = "127.0.0.1"
        self.port = _free_port()
        self.maildir = directory / "Maildir"
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                f"{self.host}:{self.port}",
                "-c",
                "aiosmtpd.handlers.Mailbox",
                str(self.maildir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((self.host, self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("The SMTP test server did not start.")

    def messages(self) -> list[Message]:
        if not self.maildir.exists():
            return []
        box = mailbox.Maildir(str(self.maildir), create=False)
        return sorted(box, key=lambda m: m.get("Date", ""))

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.messages()
            if len(found) >= count:
                return found
            time.sleep(0.05)
        return self.messages()

    def clear(self) -> None:
        if self.maildir.exists():
            mailbox.Maildir(str(self.maildir), create=False).clear()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def smtp_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmtpServer]:
    server = SmtpServer(tmp_path_factory.mktemp("smtp"))
    yield server
    server.stop()


@pytest.fixture
def smtp_server(smtp_process: SmtpServer, settings) -> SmtpServer:
    """Point Django's e-mail at the real SMTP server process for one test."""
    smtp_process.clear()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": smtp_process.host, "port": smtp_process.port, "timeout": 10},
        }
    }
    return smtp_process


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Argon2 is for production; tests hash with MD5 so personas are cheap to create."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


# Browser tests ---------------------------------------------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.path.exists(CHROMIUM):
        return
    if IN_CI:
        raise pytest.UsageError(f"CI must run the browser tests, but {CHROMIUM} is missing.")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}; install Debian's chromium.")
    for item in items:
        if "browser" in item.keywords or "page" in getattr(item, "fixturenames", ()):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """A phone: 390 x 844, touch, Dutch locale, Brussels time."""
    return {
        **browser_context_args,
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "locale": "nl-BE",
        "timezone_id": "Europe/Brussels",
    }
