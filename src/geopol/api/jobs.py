"""Ingest jobs started by an upload: files saved to a private temporary folder, then run
through the same `ingest_paths` as `geopol ingest`, one job at a time, with progress.

Uploaded names are reduced to a plain file name before anything touches the disk, so a
name like `../../etc/passwd` can only ever become `passwd` inside the job's own folder.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geopol.api.access import StoreAccess, Writer
from geopol.errors import GeopolError, UnsupportedFormat
from geopol.records import Processed, Skipped

ALLOWED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".jsonl")
MAX_NAME_LENGTH = 120
MAX_FINISHED_JOBS = 50

# ingest_paths(paths, store, on_result=...) -> summary with ingested/duplicates/failed
IngestFunction = Callable[..., Any]


def safe_file_name(name: str) -> str:
    """A harmless file name for an upload, keeping its readable part and its suffix."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^A-Za-z0-9._ ()-]", "_", base).strip(" .")
    if not base:
        base = "upload.txt"
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = ("." + suffix.lower()) if suffix else ""
    if suffix not in ALLOWED_SUFFIXES:
        raise UnsupportedFormat(
            f"{base!r}: not a supported file type (use {', '.join(ALLOWED_SUFFIXES)})"
        )
    return stem[: MAX_NAME_LENGTH - len(suffix)] + suffix


@dataclass(slots=True)
class Job:
    id: str
    files: list[str]
    status: str = "queued"  # queued → running → done | failed
    processed: int = 0
    ingested: int = 0
    duplicates: int = 0
    failures: list[Skipped] = field(default_factory=list)
    current: str | None = None
    error: str | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def to_json(self) -> dict[str, Any]:
        total = len(self.files)
        done = self.status in ("done", "failed")
        return {
            "id": self.id,
            "status": self.status,
            "files": self.files,
            "total": total,
            "processed": self.processed,
            # Files can hold many documents (JSONL), so progress is capped below 1 until done.
            "progress": 1.0 if done else min(0.99, self.processed / total if total else 0.0),
            "current": self.current,
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "failed": [
                {"source": s.source, "code": s.code, "reason": s.reason} for s in self.failures
            ],
            "error": self.error,
        }


class JobRunner:
    """Runs ingest jobs one after another on a single worker thread."""

    def __init__(
        self,
        access: StoreAccess,
        ingest: IngestFunction | None = None,
        after_ingest: Callable[[], object] | None = None,
    ) -> None:
        self.access = access
        self._ingest = ingest
        # Called once a job has stored something and let go of the store (the server
        # warms the ask vectors for the new sentences).
        self._after_ingest = after_ingest
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="geopol-ingest")

    def submit(self, uploads: list[tuple[str, bytes]]) -> Job:
        """Save the uploads and queue their ingest; raises UnsupportedFormat on a bad name."""
        names = [safe_file_name(name) for name, _ in uploads]
        folder = Path(tempfile.mkdtemp(prefix="geopol-upload-"))
        paths = []
        for i, (name, (_, content)) in enumerate(zip(names, uploads, strict=True)):
            # A numbered sub-folder per file keeps two uploads with one name apart.
            target = folder / str(i) / name
            target.parent.mkdir()
            target.write_bytes(content)
            paths.append(target)
        job = Job(id=uuid.uuid4().hex[:16], files=names)
        with self._lock:
            self._forget_old_jobs()
            self._jobs[job.id] = job
        self._executor.submit(self._run, job, paths, folder)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _forget_old_jobs(self) -> None:
        finished = sorted(
            (j for j in self._jobs.values() if j.finished is not None),
            key=lambda j: j.finished or 0.0,
        )
        for job in finished[: max(0, len(finished) - MAX_FINISHED_JOBS)]:
            del self._jobs[job.id]

    def _run(self, job: Job, paths: list[Path], folder: Path) -> None:
        job.status = "running"
        try:
            with self.access.writing() as writer:
                self._ingest_into(writer, job, paths)
            if job.ingested and self._after_ingest is not None:
                self._after_ingest()  # before "done": whoever sees it done sees this started
            job.status = "done"
        except GeopolError as exc:
            job.status, job.error = "failed", str(exc)
        except Exception as exc:  # report any failure on the job rather than lose it
            job.status, job.error = "failed", f"internal error: {type(exc).__name__}: {exc}"
        finally:
            job.current = None
            job.finished = time.time()
            shutil.rmtree(folder, ignore_errors=True)

    def _ingest_into(self, writer: Writer, job: Job, paths: list[Path]) -> None:
        ingest = self._ingest or _pipeline_ingest()

        def progress(result: Processed | Skipped | None) -> None:
            job.processed += 1
            if isinstance(result, Skipped):
                job.current = result.source
            elif result is not None:
                job.current = result.document.source

        summary = ingest(paths, writer, on_result=progress)
        job.ingested = summary.ingested
        job.duplicates = summary.duplicates
        job.failures = list(summary.failed)


def _pipeline_ingest() -> IngestFunction:
    from geopol.pipeline import ingest_paths

    return ingest_paths
