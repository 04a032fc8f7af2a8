"use strict";

// The page talks to the JSON endpoints only; every value is written with textContent, never as HTML. It holds no data
// itself: after a reload it asks the server for the session, the recent jobs and the studies again.
const $ = (id) => document.getElementById(id);
let currentJob = null;
let csvKeys = { statusUrl: null, lookup: null };
let deleteToken = null;
let deleteCount = 0;
const studies = { page: 1, pages: 1 };

const outcomeWords = {
  queued: "Waiting for a turn…",
  running: "Running…",
  succeeded: "Succeeded",
  succeededWithProblems: "Succeeded with problems",
  failed: "Failed",
  cancelled: "Cancelled",
  interrupted: "Interrupted: the app stopped while it ran",
};
const notStoredWords = { skipped: "skipped", heldBack: "held back", failed: "failed", notDicom: "not DICOM", notAnInstance: "not an instance (DICOMDIR)" };

class SignedOut extends Error {}

async function api(url, options) {
  const response = await fetch(url, options);
  if (response.status === 401 && !url.startsWith("/session")) {
    showSignIn();
    throw new SignedOut("Signed out");
  }

  return response;
}

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

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) {
    td.className = className;
  }

  row.appendChild(td);
  return td;
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : "—";
}

// ----- signing in -----

function showSignIn() {
  $("app").hidden = true;
  $("sign-out").hidden = true;
  $("sign-in-card").hidden = false;
  $("api-key").focus();
}

function showApp() {
  $("sign-in-card").hidden = true;
  $("app").hidden = false;
  $("sign-out").hidden = false;
  loadRoots();
  loadJobs();
  loadStudies();
  const match = /job=([0-9a-f-]{36})/.exec(location.hash);
  if (match) {
    openJob("/jobs/" + match[1]);
  }
}

$("sign-in-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  showError($("sign-in-error"), "");
  const response = await fetch("/session", { method: "POST", body: new URLSearchParams({ key: $("api-key").value }) });
  $("api-key").value = "";
  if (!response.ok) {
    showError($("sign-in-error"), await problemText(response));
    return;
  }

  showApp();
});

$("sign-out").addEventListener("click", async () => {
  await fetch("/session", { method: "DELETE" });
  showSignIn();
});

// ----- the allowed folders -----

async function loadRoots() {
  showError($("folders-error"), "");
  const response = await api("/folders");
  const list = $("roots");
  list.replaceChildren();
  if (!response.ok) {
    showError($("folders-error"), await problemText(response));
    return;
  }

  const listing = await response.json();
  if (listing.roots.length === 0) {
    showError($("folders-error"), "No folder may be read yet: whoever runs the app lists them in DicomPipeline:AllowedInputRoots.");
  }

  for (const root of listing.roots) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "chip";
    button.textContent = root;
    button.addEventListener("click", () => browse(root));
    item.appendChild(button);
    list.appendChild(item);
  }
}

async function browse(path) {
  showError($("folders-error"), "");
  const response = await api("/folders?path=" + encodeURIComponent(path));
  if (!response.ok) {
    showError($("folders-error"), await problemText(response));
    return;
  }

  const listing = await response.json();
  $("browser").hidden = false;
  $("browse-path").textContent = listing.path;
  $("browse-use").onclick = () => { $("dir_path").value = listing.path; };
  $("browse-up").disabled = !listing.parent;
  $("browse-up").onclick = () => listing.parent && browse(listing.parent);
  const list = $("folder-list");
  list.replaceChildren();
  for (const folder of listing.folders) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link";
    button.textContent = folder.split("/").pop() + "/";
    button.title = folder;
    button.addEventListener("click", () => { $("dir_path").value = folder; browse(folder); });
    item.appendChild(button);
    list.appendChild(item);
  }

  if (listing.folders.length === 0) {
    const item = document.createElement("li");
    item.className = "hint";
    item.textContent = "No folders inside.";
    list.appendChild(item);
  }
}

// ----- starting a job -----

$("upload-form").addEventListener("submit", (event) => {
  event.preventDefault();
  if (!$("anonymize_flag").checked) {
    $("identifiable-dialog").showModal();
    return;
  }

  startJob();
});

// Said before anything is submitted: with the box unticked the page states, next to it and on the button, that the files
// leave identified.
function showIdentifiableWarning() {
  const off = !$("anonymize_flag").checked;
  $("identifiable-warning").hidden = !off;
  $("submit").textContent = off ? "Start without de-identifying" : "Start";
  // Cleaning pixels is part of de-identification: without it there is nothing to clean for.
  $("clean_pixel_data").disabled = off;
  if (off) {
    $("clean_pixel_data").checked = false;
  }
}

$("anonymize_flag").addEventListener("change", showIdentifiableWarning);

$("identifiable-cancel").addEventListener("click", () => {
  $("identifiable-dialog").close();
  $("anonymize_flag").checked = true;
  showIdentifiableWarning();
});

$("identifiable-form").addEventListener("submit", () => startJob());

async function readCsvKeys(file) {
  // The keys of the CSV lines without images are shown from the user's own file: they are original identifiers, so
  // the server never sends them back.
  try {
    const lines = (await file.text()).replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
    const header = lines[0] || "";
    const counts = { ",": 0, ";": 0, "\t": 0 };
    for (const c of header) {
      if (c in counts) {
        counts[c]++;
      }
    }

    const delimiter = counts["\t"] > counts[","] && counts["\t"] > counts[";"] ? "\t" : counts[";"] > counts[","] ? ";" : ",";
    const names = header.split(delimiter).map((name) => name.trim().replace(/^"|"$/g, ""));
    const keyColumn = Math.max(names.indexOf("OriginalPatientID"), 0);
    return (line) => (lines[line - 1] || "").split(delimiter)[keyColumn]?.trim().replace(/^"|"$/g, "");
  } catch {
    return null;
  }
}

async function startJob() {
  showError($("error"), "");
  $("result").hidden = true;
  const form = new FormData();
  form.append("dir_path", $("dir_path").value.trim());
  form.append("anonymize_flag", $("anonymize_flag").checked ? "true" : "false");
  form.append("clean_pixel_data", $("clean_pixel_data").checked ? "true" : "false");
  const csv = $("csv_file").files[0];
  if (csv) {
    form.append("csv_file", csv, csv.name);
  }

  const lookup = csv ? await readCsvKeys(csv) : null;
  $("submit").disabled = true;
  try {
    const response = await api("/upload-dicom/", { method: "POST", body: form });
    if (!response.ok) {
      showError($("error"), await problemText(response));
      $("submit").disabled = false;
      return;
    }

    const statusUrl = (await response.json()).statusUrl;
    csvKeys = { statusUrl, lookup };
    openJob(statusUrl);
    loadJobs();
  } catch (e) {
    if (!(e instanceof SignedOut)) {
      showError($("error"), "The server did not answer: " + e.message);
    }

    $("submit").disabled = false;
  }
}

// ----- a job -----

function openJob(statusUrl) {
  currentJob = statusUrl;
  history.replaceState(null, "", "#job=" + statusUrl.split("/").pop());
  $("job").hidden = false;
  $("result").hidden = true;
  showError($("error"), "");
  poll(statusUrl);
}

async function poll(statusUrl) {
  if (statusUrl !== currentJob) {
    return;
  }

  const response = await api(statusUrl);
  if (!response.ok) {
    showError($("error"), await problemText(response));
    $("job").hidden = true;
    $("submit").disabled = false;
    return;
  }

  const job = await response.json();
  showJob(job);
  if (job.state === "queued" || job.state === "running") {
    $("submit").disabled = true;
    setTimeout(() => poll(statusUrl), 400);
    return;
  }

  $("submit").disabled = false;
  $("cancel").disabled = true;
  if (job.result) {
    showResult(job);
  }

  if (job.error) {
    showError($("error"), job.error);
  }

  loadJobs();
  loadStudies();
}

function showJob(job) {
  const p = job.progress;
  const state = $("job-state");
  state.textContent = outcomeWords[job.outcome] || job.outcome;
  state.className = "state " + job.outcome;
  $("cancel").disabled = !(job.state === "queued" || job.state === "running");
  $("cancel").onclick = async () => {
    $("cancel").disabled = true;
    await api("/jobs/" + job.jobId, { method: "DELETE" });
  };
  $("rerun").hidden = job.state !== "interrupted";
  $("rerun").onclick = async () => {
    $("rerun").disabled = true;
    const response = await api("/jobs/" + job.jobId + "/rerun", { method: "POST" });
    $("rerun").disabled = false;
    if (!response.ok) {
      showError($("error"), await problemText(response));
      return;
    }

    openJob("/jobs/" + job.jobId);
    loadJobs();
  };

  $("job-identified").hidden = job.anonymize;

  // The job counts its folder's files before the first is handled, so the total is known before the bar moves; while it
  // counts, and for a folder too large to count ahead, the page says so and the bar is indeterminate.
  const tail = `${p.stored} stored, ${p.skipped} skipped, ${p.heldBack} held back, ${p.failed} failed, ${p.uploaded} uploaded`;
  if (job.state === "queued") {
    setBar(null);
    $("job-counts").textContent = "Waiting for the jobs before it to finish.";
  } else if (p.total !== null && p.total !== undefined) {
    setBar(p.handled, p.total);
    const percent = p.total > 0 ? Math.floor((100 * Math.min(p.handled, p.total)) / p.total) : 100;
    $("job-counts").textContent = `${p.handled} of ${p.total} files handled (${percent} %): ${tail}.`;
  } else if (p.counting) {
    setBar(null);
    $("job-counts").textContent = "Counting the files in the folder…";
  } else if (p.moreThan !== null && p.moreThan !== undefined) {
    setBar(null);
    $("job-counts").textContent = `${p.handled} of more than ${p.moreThan} files handled (too many to count ahead; ${p.found} found so far): ${tail}.`;
  } else {
    setBar(null);
    $("job-counts").textContent = `Total unknown: ${p.found} files found so far, ${p.handled} handled (${tail}).`;
  }

  const details = $("job-details");
  details.replaceChildren();
  for (const [name, value] of [
    ["Folder", job.inputDirectory],
    ["Clinical CSV", job.csvName || (job.hasCsv ? "(unnamed)" : "none")],
    ["Options", (job.anonymize ? "de-identify" : "no de-identification") + ", " + (job.uploadToOrthanc ? "upload to Orthanc" : "no upload to Orthanc")],
    ["Burned-in text", !job.anonymize ? "not cleaned (no de-identification)" : job.cleanPixelData === true ? "cleaned (Clean Pixel Data)" : job.cleanPixelData === false ? "not cleaned" : "as configured"],
    ["De-identified", job.deidentification === "not de-identified" ? "No — not de-identified: files copied out identified" : "Yes, by this app"],
    ["Destinations", job.destinations.length > 0 ? job.destinations.join(", ") : "none"],
    ["Started", when(job.startedAt)],
    ["Ended", when(job.finishedAt)],
  ]) {
    const dt = document.createElement("dt");
    dt.textContent = name;
    const dd = document.createElement("dd");
    dd.textContent = value;
    details.append(dt, dd);
  }
}

// A determinate bar carries its maximum and value for assistive technology; an unknown total leaves both out (ARIA's
// indeterminate progress bar).
function setBar(handled, total) {
  const bar = $("job-progress");
  const fill = bar.firstElementChild;
  if (total === null || total === undefined) {
    bar.classList.add("indeterminate");
    for (const name of ["aria-valuenow", "aria-valuemax", "aria-valuetext"]) {
      bar.removeAttribute(name);
    }

    fill.style.width = "";
    return;
  }

  const done = Math.min(handled, total);
  bar.classList.remove("indeterminate");
  bar.setAttribute("aria-valuemax", String(Math.max(total, 1)));
  bar.setAttribute("aria-valuenow", String(total > 0 ? done : 1));
  bar.setAttribute("aria-valuetext", `${done} of ${total} files`);
  fill.style.width = (total > 0 ? (100 * done) / total : 100) + "%";
}

function showResult(job) {
  const result = job.result;
  const report = result.report;
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

  // What this run did, from its own report: never from what the files claim (Patient Identity Removed).
  const deidentified = $("result-deidentified");
  if (!report.anonymized) {
    deidentified.textContent = `Not de-identified: de-identification was off for this job, so ${plural(result.stored, "stored file was", "stored files were")} copied out identified, with names, IDs and dates as they were.`;
    deidentified.className = "warning";
  } else {
    deidentified.textContent = `De-identified by this run: ${result.stored} of ${plural(result.filesFound, "file", "files")} (this run's report, not what the files claim).`
      + (result.notDeidentified > 0 ? ` ${plural(result.notDeidentified, "file was", "files were")} not de-identified: listed below with the reason.` : "");
    deidentified.className = "";
  }

  // Clean Pixel Data, when it ran: how many images were read for burned-in text and how many had text blanked.
  const pixels = $("result-pixels");
  pixels.hidden = !report.options.includes("CleanPixelData");
  pixels.textContent = `Burned-in text: ${plural(report.imagesScanned, "image", "images")} scanned, ${report.imagesRedacted} with text blanked (${plural(report.pixelBoxesBlanked, "box", "boxes")}).`;

  // What went wrong, each with its reason, in the page's words.
  const problems = $("result-problems");
  problems.replaceChildren();
  const problem = (text) => {
    const li = document.createElement("li");
    li.textContent = text;
    problems.appendChild(li);
  };
  if (result.filesFound === 0) {
    problem("No files were found in the folder.");
  } else if (result.stored === 0) {
    problem("Nothing was stored: every file was skipped, held back or failed (reasons below).");
  }

  for (const reason of report.notStoredReasons) {
    problem(`${plural(reason.count, "file", "files")} ${notStoredWords[reason.outcome] || reason.outcome}: ${reason.reason}`);
  }

  const upload = report.upload;
  if (upload && upload.problem) {
    const kept = upload.notUploaded || result.stored;
    problem(`Not uploaded: ${upload.problem} — ${plural(kept, "file", "files")} kept in ${result.outputDirectory}. Start the job again once the server answers; files already there are not sent twice.`);
  } else if (upload && upload.notUploaded > 0) {
    problem(`${plural(upload.notUploaded, "file was", "files were")} not uploaded — kept in ${result.outputDirectory}.`);
  }

  for (const sent of report.destinations) {
    const missing = sent.refused + sent.notSent;
    if (missing > 0) {
      problem(`${sent.destination}: ${plural(missing, "file was", "files were")} not sent${sent.problem ? " (" + sent.problem + ")" : ""} — kept in ${result.outputDirectory}; starting the job again sends only what is missing.`);
    }
  }

  problems.hidden = problems.childElementCount === 0;
  const sends = report.destinations.map((sent) =>
    `${sent.destination}: ${sent.sent} sent, ${sent.alreadyPresent} already there, ${sent.refused} refused, ${sent.notSent} not sent.`);
  $("result-upload").textContent = [
    upload
      ? `Orthanc (${upload.server}): ${upload.uploaded} uploaded, ${upload.alreadyPresent} already there, ${upload.notUploaded} not uploaded.`
      : (sends.length > 0 ? "" : "Not uploaded to Orthanc (uploading is off for this app)."),
    ...sends,
  ].filter((line) => line.length > 0).join(" ");

  const lines = report.csvLinesWithoutImages;
  if (report.csvLinesWithoutImagesCount > 0) {
    const shown = lines.map((line) => {
      const key = csvKeys.statusUrl === currentJob && csvKeys.lookup ? csvKeys.lookup(line) : null;
      return key ? `line ${line} (${key})` : `line ${line}`;
    });
    const more = report.csvLinesWithoutImagesCount - lines.length;
    $("result-csv").textContent = `CSV lines without images: ${report.csvLinesWithoutImagesCount} — ${shown.join(", ")}`
      + (more > 0 ? `, and ${more} more (all in report.json).` : ".");
  } else {
    $("result-csv").textContent = "";
  }

  $("result-output").textContent = job.outputDeleted ? result.outputDirectory + " (deleted by retention)" : result.outputDirectory;

  const downloads = $("downloads");
  downloads.replaceChildren();
  for (const [name, url] of Object.entries(job.downloads)) {
    const a = document.createElement("a");
    a.href = url;
    a.textContent = "Download " + name;
    a.setAttribute("download", "");
    downloads.appendChild(a);
  }

  // Every file this run did not de-identify: the whole run when it was off, and each file not stored, with its reason.
  const files = report.notStored;
  const body = $("result-files-body");
  body.replaceChildren();
  if (result.storedIdentified > 0) {
    const row = document.createElement("tr");
    row.className = "identifiable";
    cell(row, `All ${plural(result.storedIdentified, "stored file", "stored files")}`);
    cell(row, "copied out identified", "flag");
    cell(row, "de-identification was off for this job");
    body.appendChild(row);
  }

  // A de-identified job's files are numbered as in its report.json ("input file #N"): their names can be patients' names.
  const note = $("result-files-note");
  note.textContent = report.notStoredNote || "";
  note.hidden = !report.notStoredNote;

  for (const file of files) {
    const row = document.createElement("tr");
    cell(row, file.path);
    cell(row, notStoredWords[file.outcome] || file.outcome);
    cell(row, file.reason);
    body.appendChild(row);
  }

  $("result-files-summary").textContent = `${plural(result.notDeidentified, "file", "files")} not de-identified`
    + (report.notStoredCount > 0 ? ` (${report.notStoredCount} not stored` + (files.length < report.notStoredCount ? `, the first ${files.length} below; all in report.json)` : ")") : "");
  $("result-files").hidden = result.notDeidentified === 0;
  $("result-files").open = body.childElementCount > 0 && body.childElementCount <= 20;
  $("result").hidden = false;
}

// ----- recent jobs -----

async function loadJobs() {
  let response;
  try {
    response = await api("/jobs");
  } catch {
    return;
  }

  if (!response.ok) {
    $("jobs-summary").textContent = "The jobs could not be listed.";
    return;
  }

  const jobs = await response.json();
  $("jobs-summary").textContent = jobs.length === 0
    ? "No jobs yet."
    : `${plural(jobs.length, "job", "jobs")}, newest first.`;
  const body = $("jobs-body");
  body.replaceChildren();
  for (const job of jobs) {
    const row = document.createElement("tr");
    cell(row, when(job.createdAt));
    cell(row, job.inputDirectory, "path");
    cell(row, job.csvName || "—");
    cell(row, job.deidentification === "not de-identified" ? "No — not de-identified" : "Yes", job.deidentification === "not de-identified" ? "flag" : "");
    if (job.deidentification === "not de-identified") {
      row.className = "identifiable";
    }

    cell(row, outcomeWords[job.outcome] || job.outcome, "state " + job.outcome);
    const open = document.createElement("button");
    open.type = "button";
    open.className = "secondary small";
    open.textContent = "Show";
    open.addEventListener("click", () => openJob(job.statusUrl));
    row.appendChild(document.createElement("td")).appendChild(open);
    body.appendChild(row);
  }

  $("jobs-table").hidden = jobs.length === 0;
}

// ----- the studies on Orthanc -----

function studyDate(value) {
  return /^\d{8}$/.test(value || "") ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}` : value || "—";
}

async function loadStudies() {
  showError($("studies-error"), "");
  const size = Number($("studies-page-size").value);
  const search = $("study-search").value.trim();
  let response;
  try {
    response = await api(`/studies?page=${studies.page}&pageSize=${size}&search=${encodeURIComponent(search)}`);
  } catch (e) {
    if (e instanceof SignedOut) {
      return;
    }

    response = null;
  }

  if (!response || !response.ok) {
    // Nothing may be deleted on the strength of a list that did not load.
    $("studies-summary").textContent = "The studies could not be listed.";
    showError($("studies-error"), response ? await problemText(response) : "The server did not answer.");
    $("studies-table").hidden = true;
    $("delete-all").disabled = true;
    $("studies-prev").parentElement.hidden = true;
    return;
  }

  const list = await response.json();
  studies.pages = Math.max(1, Math.ceil(list.matching / list.pageSize));
  $("studies-summary").textContent = search
    ? `${list.matching} of ${plural(list.count, "study", "studies")} match “${search}”.`
    : list.count === 1 ? "1 study on Orthanc." : `${list.count} studies on Orthanc.`;
  const body = $("studies-body");
  body.replaceChildren();
  for (const study of list.studies) {
    const row = document.createElement("tr");
    cell(row, study.patientName || "(no name)");
    cell(row, study.patientId);
    cell(row, studyDate(study.studyDate));
    cell(row, study.modalities.join(", "));
    cell(row, String(study.instanceCount));
    // From this app's own record, not Patient Identity Removed, which any input can claim.
    cell(
      row,
      study.deIdentified ? "Yes (by this app)" : study.claimsIdentityRemoved ? "No — not by this app (the files only claim it)" : "No — identifiable",
      study.deIdentified ? "" : "flag");
    if (!study.deIdentified) {
      row.className = "identifiable";
    }

    body.appendChild(row);
  }

  $("studies-table").hidden = list.studies.length === 0;
  $("studies-page").textContent = `Page ${list.page} of ${studies.pages}`;
  $("studies-prev").disabled = list.page <= 1;
  $("studies-next").disabled = list.page >= studies.pages;
  $("studies-prev").parentElement.hidden = studies.pages <= 1;
  $("delete-all").disabled = list.count === 0;
}

$("studies-search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  studies.page = 1;
  loadStudies();
});
$("studies-page-size").addEventListener("change", () => { studies.page = 1; loadStudies(); });
$("studies-prev").addEventListener("click", () => { studies.page = Math.max(1, studies.page - 1); loadStudies(); });
$("studies-next").addEventListener("click", () => { studies.page = Math.min(studies.pages, studies.page + 1); loadStudies(); });
$("refresh-studies").addEventListener("click", loadStudies);

function describeCopies(chore) {
  const c = chore.counts;
  const parts = [];
  if (c.copied) parts.push(`${plural(c.copied, "anonymized copy", "anonymized copies")} made`);
  if (c.alreadyCopied) parts.push(`${plural(c.alreadyCopied, "study already had", "studies already had")} a copy, so nothing new was made for ${c.alreadyCopied === 1 ? "it" : "them"}`);
  if (c.isCopy) parts.push(c.isCopy === 1 ? "1 study is itself a copy and was left as it is" : `${c.isCopy} studies are copies themselves and were left as they are`);
  if (c.failed) {
    const first = chore.studies.find((s) => s.action === "failed");
    parts.push(`${plural(c.failed, "study", "studies")} could not be copied` + (first && first.error ? ` (${first.error})` : ""));
  }

  return (parts.length ? parts.join("; ") + "." : "There were no studies to copy.") + " The originals are unchanged.";
}

$("anonymize-all").addEventListener("click", () => $("anonymize-dialog").showModal());
$("anonymize-cancel").addEventListener("click", () => $("anonymize-dialog").close());
// A refused chore says why in its own place, which reloading the list does not clear: the list's own errors go to
// studies-error, which each reload empties.
$("anonymize-form").addEventListener("submit", async () => {
  $("anonymize-all").disabled = true;
  showError($("chore-error"), "");
  $("chore-result").textContent = "Making anonymized copies…";
  try {
    const response = await api("/studies/anonymize-all", { method: "POST" });
    $("chore-result").textContent = response.ok ? describeCopies(await response.json()) : "";
    if (!response.ok) {
      showError($("chore-error"), "Anonymized copies refused — " + await problemText(response));
    }
  } catch (e) {
    $("chore-result").textContent = "";
    if (!(e instanceof SignedOut)) {
      showError($("chore-error"), "Anonymized copies: the server did not answer (" + e.message + ").");
    }
  } finally {
    $("anonymize-all").disabled = false;
  }

  loadStudies();
});

$("delete-all").addEventListener("click", async () => {
  showError($("chore-error"), "");
  const response = await api("/studies/delete-all/dry-run", { method: "POST" });
  if (!response.ok) {
    showError($("chore-error"), "Delete all refused — " + await problemText(response));
    $("delete-all").disabled = true;
    return;
  }

  const listing = await response.json();
  deleteToken = listing.token;
  deleteCount = listing.count;
  $("delete-count").textContent = String(deleteCount);
  $("delete-confirm").value = "";
  $("delete-confirm-button").disabled = true;
  $("delete-dialog").showModal();
  $("delete-confirm").focus();
});

$("delete-confirm").addEventListener("input", () => {
  $("delete-confirm-button").disabled = $("delete-confirm").value.trim() !== String(deleteCount);
});

$("delete-cancel").addEventListener("click", () => {
  deleteToken = null;
  $("delete-dialog").close();
});

$("delete-form").addEventListener("submit", async () => {
  const token = deleteToken;
  deleteToken = null;
  showError($("chore-error"), "");
  let response = null;
  try {
    response = await api("/studies?token=" + encodeURIComponent(token || ""), { method: "DELETE" });
  } catch (e) {
    if (e instanceof SignedOut) {
      return;
    }
  }

  if (response && response.ok) {
    const deleted = (await response.json()).counts.deleted || 0;
    $("chore-result").textContent = `Deleted ${plural(deleted, "study", "studies")}.`;
  } else {
    $("chore-result").textContent = "";
    showError($("chore-error"), "Delete all refused — " + (response ? await problemText(response) : "the server did not answer."));
  }

  studies.page = 1;
  loadStudies();
});

// ----- start -----

(async () => {
  const response = await fetch("/session");
  const session = response.ok ? await response.json() : { signedIn: false };
  if (session.signedIn) {
    showApp();
  } else {
    showSignIn();
  }
})();
