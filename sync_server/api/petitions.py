"""API layer: petitions routes (in progress)."""

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1")
