// reportnlp review page. Plain script served by the app (works without internet).
// Every text that comes from a report or a file name is put in the page with textContent, never as HTML.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);

  function status(el, text, kind) {
    el.textContent = text;
    el.className = "status" + (kind ? " " + kind : "");
  }

  async function call(url, options) {
    let resp;
    try {
      resp = await fetch(url, options);
    } catch (e) {
      throw new Error("无法连接审阅服务（服务是否已停止？）");
    }
    let body = null;
    try { body = await resp.json(); } catch (e) { body = null; }
    if (!resp.ok) {
      throw new Error((body && body.error) || ("请求失败（HTTP " + resp.status + "）"));
    }
    return body;
  }

  // FormData with only the fields the user filled in (an empty number field is left out, not sent as "").
  function formData(form) {
    const fd = new FormData();
    for (const el of form.elements) {
      if (!el.name) continue;
      if (el.type === "file") {
        for (const f of el.files) fd.append(el.name, f);
      } else if (el.value.trim() !== "") {
        fd.append(el.name, el.value.trim());
      }
    }
    return fd;
  }

  // The server refuses these too; checking first spares a long upload that the server would cut off.
  const LIMITS = document.body.dataset;
  function checkSizes(form) {
    const maxFile = Number(LIMITS.maxFileMb) * 1024 * 1024;
    let total = 0;
    let count = 0;
    for (const el of form.querySelectorAll("input[type=file]")) {
      for (const f of el.files) {
        const archive = /\.zip$/i.test(f.name);
        if (!archive && f.size > maxFile) {
          throw new Error("“" + f.name + "”超过单个文件 " + LIMITS.maxFileMb + " MB 的上限，未上传");
        }
        total += f.size;
        count += el.name === "files" ? 1 : 0;
      }
    }
    if (count > Number(LIMITS.maxFiles)) {
      throw new Error("一次最多上传 " + LIMITS.maxFiles + " 个文件（本次 " + count + " 个）");
    }
    if (total > Number(LIMITS.maxBatchMb) * 1024 * 1024) {
      throw new Error("一次上传的文件合计不能超过 " + LIMITS.maxBatchMb + " MB，未上传");
    }
  }

  function link(a, href) {
    if (href) { a.href = href; a.hidden = false; } else { a.removeAttribute("href"); a.hidden = true; }
  }

  // A new request starts from a clean tab: the previous result, its download buttons and its view go
  // away, so that after an error nothing on screen belongs to an earlier file.
  function clearCheck() {
    $("check-result").hidden = true;
    $("check-intro").hidden = false;
    for (const id of ["dl-annotated", "dl-json", "open-view"]) link($(id), null);
    $("check-file").textContent = "";
    $("check-missing").hidden = true;
    $("suggest-btn").hidden = true;
    $("suggestions").replaceChildren();
    $("suggestions").hidden = true;
    $("check-view").src = "about:blank";
  }

  function clearDraft() {
    $("draft-result").hidden = true;
    $("draft-intro").hidden = false;
    for (const id of ["dl-draft", "dl-trace"]) link($(id), null);
    $("draft-title").textContent = "";
    $("draft-notes").replaceChildren();
    $("draft-text").textContent = "";
  }

  function clearCompare() {
    $("compare-result").hidden = true;
    for (const id of ["open-dashboard", "dl-summary"]) link($(id), null);
    $("compare-kpi").textContent = "";
    $("compare-notes").replaceChildren();
    $("compare-view").src = "about:blank";
  }

  // ---------------------------------------------------------------- file pickers (Chinese labels in every browser)
  for (const input of document.querySelectorAll(".file input[type=file]")) {
    input.addEventListener("change", () => {
      const chosen = input.parentElement.querySelector(".chosen");
      const n = input.files.length;
      chosen.textContent = n === 0 ? "未选择文件" : n === 1 ? input.files[0].name : "已选择 " + n + " 个文件";
      chosen.title = [...input.files].map((f) => f.name).join("\n");
    });
  }

  // ---------------------------------------------------------------- tabs
  for (const btn of document.querySelectorAll("nav [data-tab]")) {
    btn.addEventListener("click", () => {
      for (const b of document.querySelectorAll("nav [data-tab]")) {
        const on = b === btn;
        b.setAttribute("aria-selected", on ? "true" : "false");
        $("tab-" + b.dataset.tab).hidden = !on;
      }
    });
  }

  // ---------------------------------------------------------------- check
  const checkForm = $("check-form");
  checkForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const st = $("check-status");
    const btn = $("check-submit");
    btn.disabled = true;
    clearCheck();
    status(st, "正在检查，请稍候……", "busy");
    try {
      checkSizes(checkForm);
      const r = await call("/api/check", { method: "POST", body: formData(checkForm) });
      $("check-file").textContent = r.file + "（" + (r.report.org || "单位未识别") + "，" + (r.report.year || "年度未识别") + "）";
      for (const k of ["error", "warning", "info"]) $("n-" + k).textContent = r.counts[k];
      const miss = $("check-missing");
      miss.textContent = r.missing.length ? "缺少法定部分：" + r.missing.join("、") : "";
      miss.hidden = !r.missing.length;
      link($("dl-annotated"), r.links.annotated);
      link($("dl-json"), r.links.json);
      link($("open-view"), r.links.view);
      $("suggest-btn").hidden = !r.missing.length;
      $("check-view").src = r.links.view;
      $("check-result").hidden = false;
      $("check-intro").hidden = true;
      const n = r.counts.error + r.counts.warning + r.counts.info;
      status(st, (n ? "检查完成：共 " + n + " 个问题，已在原文中标出（鼠标停在标记上可看说明）。" : "检查完成：未发现问题。") +
        r.notes.join("；"));
    } catch (e) {
      status(st, e.message, "error");
    } finally {
      btn.disabled = false;
    }
  });

  $("suggest-btn").addEventListener("click", async () => {
    const st = $("check-status");
    const box = $("suggestions");
    const fd = new FormData();
    const rep = $("check-report").files[0];
    if (!rep) { status(st, "请先选择报告文件", "error"); return; }
    fd.append("report", rep);
    const data = $("check-data").files[0];
    if (data) fd.append("data", data);
    box.replaceChildren();
    box.hidden = true;
    status(st, "正在生成建议段落……", "busy");
    try {
      const r = await call("/api/suggest", { method: "POST", body: fd });
      box.replaceChildren();
      const line = document.createElement("p");
      line.textContent = r.status;
      box.append(line);
      for (const s of r.suggestions) {
        const h = document.createElement("h3");
        h.textContent = "建议增加：" + s.heading;
        const p = document.createElement("p");
        p.textContent = s.text;
        box.append(h, p);
      }
      if (r.links.suggested) {
        const a = document.createElement("a");
        a.className = "btn";
        a.href = r.links.suggested;
        a.textContent = "下载含建议批注的 Word";
        box.append(a);
      }
      box.hidden = false;
      status(st, "已生成 " + r.suggestions.length + " 段建议，请按本单位实际情况修改后使用。");
    } catch (e) {
      status(st, e.message, "error");
    }
  });

  // ---------------------------------------------------------------- draft
  const draftForm = $("draft-form");
  draftForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const st = $("draft-status");
    const btn = $("draft-submit");
    btn.disabled = true;
    clearDraft();
    status(st, "正在起草……", "busy");
    try {
      checkSizes(draftForm);
      const r = await call("/api/draft", { method: "POST", body: formData(draftForm) });
      $("draft-title").textContent = r.org + r.year + "年度法治政府建设情况报告（草稿）";
      $("draft-numbers").textContent = r.numbers;
      link($("dl-draft"), r.links.docx);
      link($("dl-trace"), r.links.trace);
      const notes = $("draft-notes");
      notes.replaceChildren();
      for (const n of r.notes) {
        const li = document.createElement("li");
        li.textContent = n;
        notes.append(li);
      }
      $("draft-text").textContent = r.text;
      $("draft-result").hidden = false;
      $("draft-intro").hidden = true;
      status(st, "草稿已生成：每个数字都来自数据表，可下载“数字来源”核对。");
    } catch (e) {
      status(st, e.message, "error");
    } finally {
      btn.disabled = false;
    }
  });

  // ---------------------------------------------------------------- batch comparison
  const cmpForm = $("compare-form");
  const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

  function showProgress(job) {
    const bar = $("compare-progress");
    bar.max = Math.max(1, job.total);
    bar.value = job.done;
    let text;
    if (job.state === "queued") text = "排队中（前面还有 " + job.waiting + " 个任务）";
    else if (job.done >= job.total && job.state === "running") text = "已检查 " + job.done + " / " + job.total + " 份，正在汇总……";
    else text = "已检查 " + job.done + " / " + job.total + " 份";
    $("compare-progress-text").textContent = text;
  }

  cmpForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const st = $("compare-status");
    const btn = $("compare-submit");
    btn.disabled = true;
    clearCompare();
    $("compare-progress-box").hidden = true;
    status(st, "正在上传……", "busy");
    try {
      checkSizes(cmpForm);
      let job = await call("/api/compare", { method: "POST", body: formData(cmpForm) });
      status(st, "正在批量检查，可以离开本页签，稍后回来查看。", "busy");
      $("compare-progress-box").hidden = false;
      $("compare-intro").hidden = true;
      while (job.state === "queued" || job.state === "running") {
        showProgress(job);
        await sleep(800);
        job = await call("/api/jobs/" + encodeURIComponent(job.id));
      }
      showProgress(job);
      if (job.state !== "done") throw new Error(job.error || "批量比较失败");
      const res = job.result;
      $("compare-kpi").textContent = "报告 " + res.reports + " 份 · 未能读取 " + res.failed.length + " 个 · 缺第一责任人部分 " +
        res.missing_first_responsible + " 份 · 异常值 " + res.outliers + " 项 · 疑似复制段落 " + res.copy_pairs + " 对";
      const notes = $("compare-notes");
      notes.replaceChildren();
      for (const f of res.failed) {
        const li = document.createElement("li");
        li.textContent = "未能读取 " + f.file + "：" + f.error;
        notes.append(li);
      }
      for (const s of res.skipped) {
        const li = document.createElement("li");
        li.textContent = s;
        notes.append(li);
      }
      link($("open-dashboard"), job.links.dashboard);
      link($("dl-summary"), job.links.summary);
      $("compare-view").src = job.links.dashboard;
      $("compare-result").hidden = false;
      status(st, "比较完成。");
    } catch (e) {
      status(st, e.message, "error");
    } finally {
      btn.disabled = false;
    }
  });
})();
