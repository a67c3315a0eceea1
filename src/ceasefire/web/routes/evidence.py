"""POST /reports/{id}/evidence: a photo, video, PDF or text attached to a report, as a multipart
upload. The evidence rules are `workflows.evidence`'s (hash on arrival, original kept
byte-exact, MIME sniffed against an allowlist, size and pixel caps, a metadata-free working
copy); the body is capped by `BodyLimit` like every request. Nothing here serves a file back,
so an original never reaches anyone but an analyst at the record itself."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, File, Path, Request, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from ceasefire.domain.access import ReportFacts, may_attach_evidence
from ceasefire.errors import Forbidden
from ceasefire.web.analysis_schemas import EvidenceOut
from ceasefire.web.auth import RecordDep, SubmitterDep
from ceasefire.web.schemas import ErrorOut
from ceasefire.workflows.evidence import add_evidence
from ceasefire.workflows.report_views import visible_report

router = APIRouter(tags=["reports"])


def _attach(request: Request, record: RecordDep, report_id: str, upload: UploadFile, actor: str) -> EvidenceOut:
    """Spool the upload to a private temporary file, then attach it as `ceasefire evidence add` does."""
    fd, name = tempfile.mkstemp(prefix="ceasefire-upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            shutil.copyfileobj(upload.file, out)
        added = add_evidence(
            record,
            report_id,
            FilePath(name),
            name=upload.filename or "upload",
            data_dir=request.app.state.settings.data_dir,
            actor=actor,
        )
    finally:
        FilePath(name).unlink(missing_ok=True)
    e = added.evidence
    return EvidenceOut(
        report_id=added.report_id,
        sha256=e.sha256,
        name=added.name,
        mime=e.mime,
        size=e.size,
        width=e.width,
        height=e.height,
        working_copy=e.working_sha256 is not None,
        new_file=added.new_file,
    )


@router.post(
    "/reports/{report_id}/evidence",
    status_code=201,
    response_model=EvidenceOut,
    responses={
        401: {"model": ErrorOut},
        403: {"model": ErrorOut},
        404: {"model": ErrorOut},
        413: {"model": ErrorOut},
        422: {"model": ErrorOut},
    },
    summary="Attach an evidence file to a report (its submitter, or an analyst)",
)
async def attach_evidence(
    request: Request,
    response: Response,
    report_id: Annotated[str, Path(min_length=1, max_length=128)],
    record: RecordDep,
    viewer: SubmitterDep,
    file: Annotated[UploadFile, File(description="JPEG, PNG, PDF, MP4 or plain text")],
) -> EvidenceOut:
    stored = await run_in_threadpool(visible_report, record, viewer, report_id)
    r = stored.report
    if not may_attach_evidence(viewer, ReportFacts(r.confidentiality, r.party_id, stored.submitted_by)):
        raise Forbidden(f"a {viewer.role} may attach evidence only to reports it filed")
    out = await run_in_threadpool(_attach, request, record, report_id, file, f"user:{viewer.name}")
    response.headers["Location"] = f"/reports/{report_id}"
    return out
