"""Optional polishing of draft paragraphs by a language model (off by default).

Backends: `openai` — any OpenAI-compatible server a bureau runs in-house (vLLM, Ollama serving
Qwen …) at --base-url; `local` — a transformers causal LM from --model-path (extra
`reportnlp[llm]`). A polished paragraph is kept only if it has exactly the same numbers and
no new stale or broken formulation; otherwise the template paragraph stays and the reason is
logged. No network beyond the given base URL; no downloads.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import Counter

import reportnlp.recache as recache

PROMPT = ("请在不改变任何数字、单位和事实的前提下，把下面这段政府年度报告文字润色得更规范、简洁，"
          "只输出润色后的段落：\n{text}")
_NUM = recache.compile(r"\d+(?:\.\d+)?")


class Polisher:
    def polish(self, text: str) -> str:  # pragma: no cover - interface
        raise NotImplementedError


class OpenAIPolisher(Polisher):
    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout: float = 60):
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model, self.api_key, self.timeout = model, api_key, timeout

    def polish(self, text: str) -> str:
        body = json.dumps({"model": self.model, "temperature": 0.2,
                           "messages": [{"role": "user", "content": PROMPT.format(text=text)}]}).encode("utf-8")
        req = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        if self.api_key:
            req.add_header("Authorization", f"Bearer {self.api_key}")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - user-given in-house URL
                data = json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError:
            raise  # the server answered: a per-paragraph problem
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            reason = getattr(exc, "reason", exc)
            raise Unreachable(f"无法连接润色服务 {self.url}（{reason}）") from None
        return data["choices"][0]["message"]["content"].strip()


class Unreachable(RuntimeError):
    """The polishing service cannot be reached at all: no point in asking again for each paragraph."""


class LocalPolisher(Polisher):
    def __init__(self, model_path: str, max_new_tokens: int = 200):
        import os

        if not os.path.isdir(model_path):
            raise RuntimeError(f"本地模型目录不存在：{model_path}")
        if not os.path.isfile(os.path.join(model_path, "config.json")):
            raise RuntimeError(f"文件夹 {model_path} 中没有模型（缺少 config.json，应为 transformers 保存的模型目录）")
        try:
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError as exc:  # pragma: no cover - depends on the optional extra
            raise RuntimeError("本地模型润色需要安装可选依赖：pip install 'reportnlp[llm]'") from exc
        self.tok = AutoTokenizer.from_pretrained(model_path, local_files_only=True)
        self.model = AutoModelForCausalLM.from_pretrained(model_path, local_files_only=True)
        self.max_new_tokens = max_new_tokens

    def polish(self, text: str) -> str:
        prompt = PROMPT.format(text=text)
        ids = self.tok(prompt, return_tensors="pt")
        out = self.model.generate(**ids, max_new_tokens=self.max_new_tokens, do_sample=False,
                                  pad_token_id=self.tok.pad_token_id or self.tok.eos_token_id)
        said = self.tok.decode(out[0][ids["input_ids"].shape[1]:], skip_special_tokens=True)
        return (said if isinstance(said, str) else "".join(said)).strip()


def _formulation_findings(text: str, year: int) -> set[tuple[str, str]]:
    from ..config import Config
    from ..pipeline import analyse_source
    from ..read import Source

    cfg = Config(select=["RN301", "RN302", "RN303", "RN304", "RN305"], year=year)
    rep = analyse_source(Source(path="polish.txt", format="txt", text=text + "\n"), config=cfg)
    return {(f.code, rep.span(f.nstart, f.nend)["text"]) for f in rep.findings}


def acceptable(original: str, polished: str, year: int) -> tuple[bool, str]:
    if not polished or len(polished) < len(original) * 0.5:
        return False, "润色结果为空或过短"
    a, b = Counter(_NUM.findall(original)), Counter(_NUM.findall(polished))
    if a != b:
        return False, f"数字不一致（原文 {sorted(a.elements())}，润色后 {sorted(b.elements())}）"
    new = _formulation_findings(polished, year) - _formulation_findings(original, year)
    if new:
        return False, "润色后出现新的提法问题：" + "、".join(t or c for c, t in sorted(new, key=str))
    return True, "通过"


def polish_draft(draft, polisher: Polisher, log) -> int:
    """Polish body paragraphs in place; returns how many were kept."""
    kept = 0
    for p in draft.paras:
        if p.kind != "body" or len(p.text) < 20:
            continue
        try:
            new = polisher.polish(p.text)
        except Unreachable as exc:
            log(f"{exc}：未做润色，全部保留模板段落")
            return kept
        except (OSError, urllib.error.URLError, ValueError, KeyError, RuntimeError) as exc:
            log(f"润色失败，保留模板段落：{type(exc).__name__}: {exc}")
            continue
        ok, why = acceptable(p.text, new, draft.year)
        if ok:
            p.text = new
            kept += 1
        else:
            log(f"未采用润色结果（{why}）：{p.text[:20]}…")
    return kept
