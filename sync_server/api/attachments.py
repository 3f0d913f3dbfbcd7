"""API layer: `PUT`/`GET /api/v1/attachments/{sha256}` (raw image bytes, content-addressed)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from starlette.concurrency import run_in_threadpool

from sync_server.api.deps import CurrentActor, SessionDep, SettingsDep
from sync_server.errors import problem_responses
from sync_server.services import attachments

router = APIRouter(prefix="/api/v1/attachments", tags=["attachments"],
                   responses=problem_responses(400, 401, 404, 413, 415))

Sha = Annotated[str, Path(pattern="^[0-9a-fA-F]{64}$")]


@router.put("/{sha256}", responses={201: {"description": "stored"}, 200: {"description": "had it"}})
async def put_attachment(sha256: Sha, request: Request, response: Response, session: SessionDep,
                         actor: CurrentActor, settings: SettingsDep) -> dict[str, Any]:
    """Upload a photo (raw body); the server checks the hash and type. Repeating it is a no-op."""
    data = await request.body()
    stored = await run_in_threadpool(attachments.store, session, sha256=sha256, data=data,
                                     actor=actor, max_size=settings.max_attachment_size)
    response.status_code = 201 if stored.created else 200
    return {"sha256": stored.sha256, "content_type": stored.content_type, "size": stored.size}


@router.get("/{sha256}", response_class=Response,
            responses={200: {"content": {"image/jpeg": {}, "image/png": {}, "image/webp": {}}}})
def get_attachment(sha256: Sha, session: SessionDep, actor: CurrentActor) -> Response:
    """Download a photo the caller may see."""
    data, content_type = attachments.fetch(session, sha256=sha256, actor=actor)
    return Response(content=data, media_type=content_type,
                    headers={"Cache-Control": "private, max-age=31536000, immutable"})
