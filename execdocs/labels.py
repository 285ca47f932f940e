"""The words the extension itself puts on a page, in each language the site is built in."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "output": "Output",
        "raises": "Output (raises {exception})",
        "produced": "Output of {path} with TensorFlow {tensorflow} and Python {python}.",
        "download": "Download the script",
        "truncated": "Output cut: the script printed {printed} bytes; the first {shown} bytes are shown.",
        "failed": "This example failed to run; the build log says why.",
        "not_run": "Output is not shown in this build.",
    },
    "zh": {
        "output": "输出",
        "raises": "输出（抛出 {exception}）",
        "produced": "{path} 在 TensorFlow {tensorflow}、Python {python} 下的输出。",
        "download": "下载脚本",
        "truncated": "输出已截断：脚本共输出 {printed} 字节，此处只显示前 {shown} 字节。",
        "failed": "这个示例运行失败，原因见构建日志。",
        "not_run": "本次构建不显示输出。",
    },
}


def label(language: str, key: str, **values: object) -> str:
    """The text for ``key`` in ``language`` (English when the language has none)."""
    table = LABELS.get(language, LABELS["en"])
    return table[key].format(**values)
