from __future__ import annotations

from api.api import api
from api.articles import router as articles
from api.datasets import router as datasets

api.add_router("", articles)
api.add_router("", datasets)

app_name = "api"
urlpatterns = [*api.urls[0]]
