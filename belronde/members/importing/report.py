"""What an import did, for the web page, the API and the command line."""

from __future__ import annotations

from typing import Any

from belronde.members.messages import file_message, notice_message, row_message
from belronde.members.models import ImportBatch


def report(batch: ImportBatch) -> dict[str, Any]:
    """The --json / API report, messages in the active language."""
    status = {
        ImportBatch.Status.COMMITTED: "committed",
        ImportBatch.Status.DRY_RUN: "dry-run",
    }.get(batch.status, "rejected")  # type: ignore[call-overload]
    errors = [
        {
            "row": e["row"],
            "column": e["column"],
            "value": e["value"],
            "message": row_message(e["code"], e["params"]),
        }
        for e in batch.errors
    ]
    if batch.file_problem:
        errors.insert(
            0,
            {
                "row": 0,
                "column": "",
                "value": "",
                "message": file_message(
                    batch.file_problem.get("code", ""), batch.file_problem.get("params", {})
                ),
            },
        )
    return {
        "status": status,
        "created": batch.created,
        "updated": batch.updated,
        "unchanged": batch.unchanged,
        "rejected": batch.rejected,
        "errors": errors,
        "notices": [
            {
                "row": e["row"],
                "column": e["column"],
                "value": e["value"],
                "message": notice_message(e["code"], e["params"]),
            }
            for e in batch.notices
        ],
        "batch": batch.public_code,
        "encoding": batch.encoding,
        "delimiter": batch.delimiter,
        "sha256": batch.sha256,
    }


def exit_code(batch: ImportBatch) -> int:
    """0 written or a clean dry run, 1 rows rejected and nothing written, 2 file unusable."""
    if batch.status == ImportBatch.Status.FAILED:
        return 2
    if batch.status == ImportBatch.Status.COMMITTED:
        return 0
    if batch.status == ImportBatch.Status.DRY_RUN:
        return 0 if not batch.errors else 1
    return 1
