"""belronde's URLs plus /__bench__/hello: a bare JsonResponse view, the baseline of
bench/bench_http.py (the same view as the shared baselines' djbench "hello")."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from belronde.urls import urlpatterns as belronde_urlpatterns


def hello(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"hello": "world"})


urlpatterns = [path("__bench__/hello", hello, name="bench_hello"), *belronde_urlpatterns]
