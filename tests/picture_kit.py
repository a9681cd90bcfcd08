"""Pictures made for the tests with Pillow (with camera metadata to strip), and checks on
what recap writes: no EXIF, no GPS position, no camera serial, no ICC profile, no XMP."""

from __future__ import annotations

import io
import struct
import textwrap
from pathlib import Path

from PIL import ExifTags, Image

CAMERA_MAKE = "RecapTestCam"
CAMERA_SERIAL = "SN-4242-TEST"
GPS_LATITUDE = (52.0, 31.0, 12.5)  # a made-up position the pictures must not give away
# Chunks a WebP file may hold without any metadata; EXIF, XMP and ICCP are metadata.
WEBP_PIXEL_CHUNKS = {"VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF"}


def camera_exif(orientation: int | None = None) -> Image.Exif:
    """EXIF as a phone writes it: make, serial number, GPS position, maybe orientation."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = CAMERA_MAKE
    exif[ExifTags.Base.Model] = "Model 7"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = CAMERA_SERIAL
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (13.0, 24.0, 36.0)
    return exif


def photo(
    path: Path,
    size: tuple[int, int] = (1600, 1200),
    *,
    color: tuple[int, int, int] = (30, 120, 160),
    orientation: int | None = None,
    icc_profile: bytes | None = None,
    fmt: str = "JPEG",
) -> Path:
    """Write a picture with camera EXIF (GPS included) and a white mark at its top left."""
    image = Image.new("RGB", size, color)
    image.paste((255, 255, 255), (0, 0, size[0] // 4, size[1] // 4))
    options: dict[str, object] = {"exif": camera_exif(orientation)}
    if icc_profile is not None:
        options["icc_profile"] = icc_profile
    if fmt == "JPEG":
        options["quality"] = 90
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, fmt, **options)
    return path


def metadata_problems(data: bytes) -> list[str]:
    """Return what metadata a picture written by recap still carries (none, if all is well)."""
    problems = []
    image = Image.open(io.BytesIO(data))
    if image.format not in {"WEBP", "JPEG"}:
        problems.append(f"format {image.format}")
    if len(image.getexif()):
        problems.append(f"EXIF: {dict(image.getexif())}")
    for key in ("exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment"):
        if image.info.get(key):
            problems.append(f"info[{key!r}]")
    for needle in (b"GPS", CAMERA_MAKE.encode(), CAMERA_SERIAL.encode(), b"Exif", b"ICC_PROFILE"):
        if needle in data:
            problems.append(f"bytes contain {needle!r}")
    if image.format == "WEBP":
        extra = set(webp_chunks(data)) - WEBP_PIXEL_CHUNKS
        if extra:
            problems.append(f"WebP chunks {sorted(extra)}")
    return problems


def webp_chunks(data: bytes) -> list[str]:
    """Return the four-letter names of a WebP file's RIFF chunks."""
    assert data[:4] == b"RIFF", "not a RIFF file"
    assert data[8:12] == b"WEBP", "not a WebP file"
    chunks, offset = [], 12
    while offset + 8 <= len(data):
        name, size = (
            data[offset : offset + 4].decode("latin-1"),
            struct.unpack("<I", data[offset + 4 : offset + 8])[0],
        )
        chunks.append(name)
        offset += 8 + size + (size & 1)
    return chunks


def swapped_rgb_profile() -> bytes:
    """Return an ICC profile whose red and blue primaries are swapped.

    A pure red pixel tagged with it is blue in sRGB: if recap applies the profile, the
    output turns blue; if it dropped the profile without converting, it stays red.
    """
    d50 = (0.9642, 1.0, 0.8249)
    red, green, blue = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)

    def fixed(values: tuple[float, ...]) -> bytes:
        return b"".join(struct.pack(">i", round(value * 65536)) for value in values)

    def xyz(values: tuple[float, ...]) -> bytes:
        return b"XYZ \0\0\0\0" + fixed(values)

    gamma = b"curv\0\0\0\0" + struct.pack(">IH", 1, int(2.2 * 256)) + b"\0\0"
    tags = [(b"wtpt", xyz(d50)), (b"rXYZ", xyz(blue)), (b"gXYZ", xyz(green))]
    tags += [(b"bXYZ", xyz(red)), (b"rTRC", gamma), (b"gTRC", gamma), (b"bTRC", gamma)]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    table, body = struct.pack(">I", len(tags)), b""
    for signature, data in tags:
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    size = 128 + table_size + len(body)
    header = struct.pack(">I", size) + b"\0\0\0\0" + struct.pack(">I", 0x02100000)
    header += b"mntrRGB XYZ " + b"\0" * 12 + b"acsp" + b"\0" * 24 + struct.pack(">I", 0)
    header += fixed(d50)  # the illuminant, at byte 68
    header += b"\0" * (128 - len(header))
    return header + table + body


def story_with_pictures(folder: Path, *, remote: bool = False) -> Path:
    """Write a small story whose events carry pictures, the last one a locked spoiler."""
    photo(folder / "pictures" / "harbour.jpg", (2400, 1600), color=(20, 90, 160))
    photo(folder / "pictures" / "portrait.jpg", (1200, 1600), color=(150, 60, 40), orientation=6)
    photo(folder / "pictures" / "ending.png", (1400, 1000), color=(200, 40, 90), fmt="PNG")
    photo(folder / "cover.jpg", (2000, 1000), color=(90, 40, 120))
    remote_event = (
        "  - title: A postcard\n    arcs: hero\n    act: start\n"
        "    image: {src: 'https://pictures.example/postcard.jpg', alt: A postcard of a pier}\n"
        if remote
        else ""
    )
    text = (
        textwrap.dedent("""\
        title: Harbour Lights
        cover: {src: cover.jpg, alt: The harbour at dusk, credit: "Photo: Recap Tests"}
        arcs:
          hero: {label: The keeper, kind: protagonist}
          rival: {label: The smuggler, kind: antagonist}
        acts:
          - {id: start, label: Arrival}
          - {id: end, label: The ending, spoiler: true}
        events:
          - title: The boat comes in
            arcs: hero
            act: start
            summary: A boat reaches the harbour at night.
            image:
              src: pictures/harbour.jpg
              alt: A blue harbour with one white light
              credit: "Photo: Harbour Archive"
              caption: The harbour before the storm.
          - title: The keeper waits
            arcs: [hero, rival]
            act: start
            image:
              {src: pictures/portrait.jpg, alt: The keeper in a red coat, credit: "Photo: K. Lee"}
        """)
        + remote_event
        + textwrap.indent(
            textwrap.dedent("""\
            - title: The lighthouse burns
              arcs: rival
              act: end
              summary: The smuggler sets the light on fire.
              image:
                src: pictures/ending.png
                alt: Flames on the lighthouse gallery
                credit: "Photo: Secret Credit"
            """),
            "  ",
        )
    )
    story = folder / "harbour.yaml"
    story.write_text(text, encoding="utf-8")
    return story


SPOILER_ALT = "Flames on the lighthouse gallery"
SPOILER_CREDIT = "Photo: Secret Credit"
