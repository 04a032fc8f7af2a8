"use strict";

// The page talks to the JSON endpoints only; every value is written with textContent, never as HTML.
const $ = (id) => document.getElementById(id);
let statusUrl = null;
let studyCount = 0;

async function problemText(response) {
  try {
    const problem = await response.json();
    return [problem.title, problem.detail].filter(Boolean).join(": ") || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

function showError(element, text) {
  element.textContent = text;
  element.hidden = !text;
}

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text;
  row.appendChild(td);
}

// ----- the job -----

$("upload-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  showError($("error"), "");
  $("result").hidden = true;
  const form = new FormData();
  form.append("dir_path", $("dir_path").value);
  form.append("anonymize_flag", $("anonymize_flag").checked ? "true" : "false");
  const csv = $("csv_file").files[0];
  if (csv) {
    form.append("csv_file", csv, csv.name);
  }

  $("submit").disabled = true;
  try {
    const response = await fetch("/upload-dicom/", { method: "POST", body: form });
    if (!response.ok) {
      showError($("error"), await problemText(response));
      $("submit").disabled = false;
      return;
    }

    statusUrl = (await response.json()).statusUrl;
    $("job").hidden = false;
    $("cancel").disabled = false;
    poll();
  } catch (e) {
    showError($("error"), "The server did not answer: " + e.message);
    $("submit").disabled = false;
  }
});

async function poll() {
  const response = await fetch(statusUrl);
  if (!response.ok) {
    showError($("error"), await problemText(response));
    $("submit").disabled = false;
    return;
  }

  const job = await response.json();
  showJob(job);
  if (job.state === "queued" || job.state === "running") {
    setTimeout(poll, 400);
    return;
  }

  $("submit").disabled = false;
  $("cancel").disabled = true;
  if (job.state === "succeeded") {
    showResult(job.result);
    loadStudies();
  } else if (job.state === "failed") {
    showError($("error"), job.error || "The job failed.");
  }
}

function showJob(job) {
  const p = job.progress;
  const state = $("job-state");
  state.textContent = { queued: "Waiting for a turn…", running: "Running…", succeeded: "Done", failed: "Failed", cancelled: "Cancelled" }[job.state] || job.state;
  state.className = "state " + job.state;
  const bar = $("job-progress");
  bar.max = Math.max(p.found, 1);
  bar.value = job.state === "succeeded" ? bar.max : p.handled;
  $("job-counts").textContent =
    `${p.handled} of ${p.found} files handled: ${p.stored} stored, ${p.skipped} skipped, ${p.heldBack} held back, ${p.failed} failed, ${p.uploaded} uploaded`;
}

function showResult(result) {
  const counts = $("result-counts");
  counts.replaceChildren();
  for (const [name, value] of [["Found", result.filesFound], ["Stored", result.stored], ["Skipped", result.skipped], ["Held back", result.heldBack], ["Failed", result.failed]]) {
    const div = document.createElement("div");
    const dt = document.createElement("dt");
    dt.textContent = name;
    const dd = document.createElement("dd");
    dd.textContent = value;
    dd.dataset.count = name;
    div.append(dt, dd);
    counts.appendChild(div);
  }

  const upload = result.report.upload;
  $("result-upload").textContent = upload
    ? `Orthanc (${upload.server}): ${upload.uploaded} uploaded, ${upload.alreadyPresent} already there, ${upload.notUploaded} not uploaded.` + (upload.error ? " " + upload.error : "")
    : "Not uploaded to Orthanc.";
  const lines = result.report.csvLinesWithoutImages || [];
  $("result-csv").textContent = lines.length ? `CSV lines without images: ${lines.join(", ")}.` : "";
  $("result-output").textContent = result.outputDirectory;

  const files = result.report.notStored || [];
  const body = $("result-files-body");
  body.replaceChildren();
  for (const file of files) {
    const row = document.createElement("tr");
    cell(row, file.path);
    cell(row, file.outcome);
    cell(row, file.reason);
    body.appendChild(row);
  }

  $("result-files-summary").textContent = `${files.length} file(s) not stored`;
  $("result-files").hidden = files.length === 0;
  $("result-files").open = files.length > 0 && files.length <= 20;
  $("result").hidden = false;
}

$("cancel").addEventListener("click", async () => {
  if (statusUrl) {
    $("cancel").disabled = true;
    await fetch(statusUrl, { method: "DELETE" });
  }
});

// ----- the studies on Orthanc -----

async function loadStudies() {
  showError($("studies-error"), "");
  const response = await fetch("/studies");
  if (!response.ok) {
    $("studies-summary").textContent = "The studies could not be listed.";
    showError($("studies-error"), await problemText(response));
    $("studies-table").hidden = true;
    return;
  }

  const list = await response.json();
  studyCount = list.count;
  $("studies-summary").textContent = list.count === 1 ? "1 study on Orthanc." : `${list.count} studies on Orthanc.`
    + (list.studies.length < list.count ? ` The first ${list.studies.length} are shown.` : "");
  const body = $("studies-body");
  body.replaceChildren();
  for (const study of list.studies) {
    const row = document.createElement("tr");
    cell(row, study.patientId);
    cell(row, study.studyDate || "");
    cell(row, study.modalities.join(", "));
    cell(row, String(study.instanceCount));
    cell(row, study.id);
    body.appendChild(row);
  }

  $("studies-table").hidden = list.count === 0;
  $("delete-all").disabled = list.count === 0;
}

function summarize(chore) {
  return Object.entries(chore.counts).map(([action, n]) => `${n} ${action}`).join(", ") || "no studies";
}

$("refresh-studies").addEventListener("click", loadStudies);

$("anonymize-all").addEventListener("click", async () => {
  $("anonymize-all").disabled = true;
  $("chore-result").textContent = "Making anonymized copies…";
  const response = await fetch("/studies/anonymize-all", { method: "POST" });
  $("chore-result").textContent = response.ok ? "Anonymized copies: " + summarize(await response.json()) + "." : "";
  if (!response.ok) {
    showError($("studies-error"), await problemText(response));
  }

  $("anonymize-all").disabled = false;
  loadStudies();
});

$("delete-all").addEventListener("click", async () => {
  await loadStudies();
  $("delete-count").textContent = String(studyCount);
  $("delete-confirm").value = "";
  $("delete-confirm-button").disabled = true;
  $("delete-dialog").showModal();
  $("delete-confirm").focus();
});

$("delete-confirm").addEventListener("input", () => {
  $("delete-confirm-button").disabled = $("delete-confirm").value.trim() !== String(studyCount);
});

$("delete-cancel").addEventListener("click", () => $("delete-dialog").close());

$("delete-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const typed = $("delete-confirm").value.trim();
  $("delete-dialog").close();
  const response = await fetch("/studies?confirm=" + encodeURIComponent(typed), { method: "DELETE" });
  $("chore-result").textContent = response.ok ? "Deleted: " + summarize(await response.json()) + "." : "";
  if (!response.ok) {
    showError($("studies-error"), await problemText(response));
  }

  loadStudies();
});

loadStudies();
