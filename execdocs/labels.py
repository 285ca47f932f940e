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
        "compat_same": "The same output on TensorFlow {versions}.",
        "compat_differs": "On TensorFlow {version} the output differs from the one above:",
        "compat_fails": "On TensorFlow {version} the script fails: {detail}",
        "compat_unchecked": "This version of the script has not been checked on other TensorFlow releases yet.",
        "compat_example": "Example",
        "compat_status_same": "same",
        "compat_status_differs": "differs",
        "compat_status_fails": "fails",
        "compat_run": "TensorFlow {version}: {packages}",
        "list_separator": ", ",
    },
    "zh": {
        "output": "输出",
        "raises": "输出（抛出 {exception}）",
        "produced": "{path} 在 TensorFlow {tensorflow}、Python {python} 下的输出。",
        "download": "下载脚本",
        "truncated": "输出已截断：脚本共输出 {printed} 字节，此处只显示前 {shown} 字节。",
        "failed": "这个示例运行失败，原因见构建日志。",
        "not_run": "本次构建不显示输出。",
        "compat_same": "在 TensorFlow {versions} 上输出相同。",
        "compat_differs": "在 TensorFlow {version} 上，输出与上面不同：",
        "compat_fails": "在 TensorFlow {version} 上，脚本运行失败：{detail}",
        "compat_unchecked": "脚本的这一版还没有在其他 TensorFlow 版本上验证过。",
        "compat_example": "示例",
        "compat_status_same": "相同",
        "compat_status_differs": "不同",
        "compat_status_fails": "失败",
        "compat_run": "TensorFlow {version}：{packages}",
        "list_separator": "、",
    },
}


def label(language: str, key: str, **values: object) -> str:
    """The text for ``key`` in ``language`` (English when the language has none)."""
    table = LABELS.get(language, LABELS["en"])
    return table[key].format(**values)
