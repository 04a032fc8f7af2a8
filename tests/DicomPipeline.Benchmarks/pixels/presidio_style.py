"""The method of Presidio's DICOM image redactor, scripted with what Debian ships (Presidio's own packages cannot be
installed here): for each file, read it with pydicom, write the frame as PNG, OCR it with the tesseract CLI (TSV word
boxes), match words against the header's identifiers (name parts, ID, birth date), blank the matching boxes, save."""
import csv, io, os, subprocess, sys, tempfile
import numpy as np
import pydicom
from PIL import Image

src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
for name in sorted(os.listdir(src)):
    ds = pydicom.dcmread(os.path.join(src, name))
    pixels = ds.pixel_array.copy()
    needles = {p.upper() for p in str(ds.PatientName).replace("^", " ").split() if len(p) >= 3}
    needles |= {str(ds.PatientID), "03/03/1961", "1961"}
    with tempfile.NamedTemporaryFile(suffix=".png") as png:
        Image.fromarray(pixels).save(png.name)
        tsv = subprocess.run(["tesseract", png.name, "stdout", "--psm", "11", "tsv"], capture_output=True, text=True).stdout
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip().upper()
        if text and any(n in text for n in needles):
            l, t, w, h = (int(row[k]) for k in ("left", "top", "width", "height"))
            pixels[t:t + h, l:l + w] = 0
    ds.PixelData = pixels.tobytes()
    ds.save_as(os.path.join(dst, name))
