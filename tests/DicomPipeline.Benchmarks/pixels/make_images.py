"""Writes N 512x512 8-bit ultrasound-like images with the patient's name, ID and birth date burned in (and N without
text), for the Clean Pixel Data benchmark. Debian's python3-pydicom, python3-pil and fonts only."""
import os, sys
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
from PIL import Image, ImageDraw, ImageFont

out, count = sys.argv[1], int(sys.argv[2])
fonts = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
         "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf"]
rng = np.random.default_rng(24)
for kind in ("text", "blank"):
    os.makedirs(os.path.join(out, kind), exist_ok=True)
    for i in range(count):
        noise = rng.normal(60, 25, (512, 512)).clip(0, 255).astype(np.uint8)
        img = Image.fromarray(noise, "L")
        name, pid = f"PATIENT{i:03d}^ALICE", f"{40000000 + i * 7919}"
        if kind == "text":
            d = ImageDraw.Draw(img)
            f = fonts[i % 3]
            d.text((12, 10), name.replace("^", " "), font=ImageFont.truetype(f, 16 + i % 8), fill=235)
            d.text((12, 40), "ID " + pid, font=ImageFont.truetype(f, 14), fill=235)
            d.text((330, 480), "DOB 03/03/1961", font=ImageFont.truetype(f, 14), fill=235)
            d.text((330, 10), "ABDOMEN 3.5MHz", font=ImageFont.truetype(f, 14), fill=235)
        ds = Dataset()
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.6.1"
        ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
        ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
        ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
        ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
        ds.Modality, ds.PatientName, ds.PatientID, ds.PatientBirthDate = "US", name, pid, "19610303"
        ds.BurnedInAnnotation = "YES" if kind == "text" else "NO"
        ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.Rows, ds.Columns = 1, "MONOCHROME2", 512, 512
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
        ds.PixelData = np.asarray(img, dtype=np.uint8).tobytes()
        ds.save_as(os.path.join(out, kind, f"{i:03d}.dcm"), write_like_original=False)
