"""Picture bytes -> small, metadata-free WebP variants (and a JPEG link-preview card).

One function per step, in the order `make_variants` runs them: refuse what is too big
before decoding anything, decode (JPEGs at a reduced scale when that is enough), apply
the orientation the camera recorded, convert to sRGB, resize, and encode without any of
the file's metadata (EXIF with its GPS position and camera serials, XMP, ICC profiles).
"""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from PIL import __version__ as pillow_version

from recap.errors import RecapError

MAX_PIXELS = 50_000_000
MAX_BYTES = 40 * 2**20
# The decoders recap lets near a file: the common web formats, nothing more.
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
FORMAT_NAMES = "JPEG, PNG, WebP or GIF"

# Boxes in pixels the variants fit in, keeping their proportions, never enlarged:
# a thumbnail for the text list and a larger picture for the details panel, each
# at 1x and at 2x for high-density screens.
VARIANTS: Mapping[str, tuple[int, int]] = {
    "thumb": (128, 96),
    "thumb@2x": (256, 192),
    "large": (640, 480),
    "large@2x": (1280, 960),
}
CARD = "card"
CARD_BOX = (1200, 630)  # the size link previews (og:image) show
WEBP_QUALITY = 80
JPEG_QUALITY = 85
# Part of the cache key: change it whenever the output of these steps would change.
RECIPE = f"recap-pictures-1|{pillow_version}|{sorted(VARIANTS.items())}|{CARD_BOX}|" + (
    f"{WEBP_QUALITY}|{JPEG_QUALITY}"
)

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# What Pillow raises on damaged or truncated data, depending on the format.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error)


@dataclass(frozen=True)
class Variant:
    """One encoded picture, ready to write or inline."""

    data: bytes
    width: int
    height: int
    media_type: str

    @property
    def suffix(self) -> str:
        return ".jpg" if self.media_type == "image/jpeg" else ".webp"


def make_variants(data: bytes, *, name: str) -> dict[str, Variant]:
    """Return the WebP variants of a picture, one per box in VARIANTS.

    Raises RecapError (for `name`) if the bytes are not a picture recap accepts.
    """
    largest = max(VARIANTS.values())
    image = to_srgb(apply_orientation(decode(open_picture(data, name=name), largest, name=name)))
    image = fit(image, largest)
    return {variant: encode_webp(fit(image, box)) for variant, box in VARIANTS.items()}


def make_card(data: bytes, *, name: str) -> Variant:
    """Return the picture as a JPEG for link previews, which not every site reads as WebP."""
    image = to_srgb(apply_orientation(decode(open_picture(data, name=name), CARD_BOX, name=name)))
    return encode_jpeg(fit(image, CARD_BOX))


def looks_like_svg(data: bytes) -> bool:
    """Tell an SVG (or other XML) file by its first bytes, whatever its name says."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype svg", b"<!--")) or b"<svg" in head


def open_picture(data: bytes, *, name: str) -> Image.Image:
    """Read the picture's header only, and refuse what recap will not decode."""
    if len(data) > MAX_BYTES:
        raise too_large_error(name, len(data))
    if looks_like_svg(data):
        raise svg_error(name)
    with warnings.catch_warnings():
        # Pillow only warns below twice its own limit; a warning here is a refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=FORMATS)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise too_many_pixels_error(name, None) from None
        except UnidentifiedImageError:
            raise RecapError.at(
                name,
                f"not a picture recap can read ({FORMAT_NAMES})",
                hint=f"save it as {FORMAT_NAMES}",
            ) from None
        except _DECODE_ERRORS as error:
            raise damaged_error(name, error) from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise too_many_pixels_error(name, (width, height))
    return image


def decode(image: Image.Image, box: tuple[int, int], *, name: str) -> Image.Image:
    """Decode the first frame; a JPEG only at the scale the largest variant needs."""
    turned = _orientation(image) in {5, 6, 7, 8}  # stored sideways: the box turns too
    width, height = fit_size(image.size, (box[1], box[0]) if turned else box)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image.seek(0)
            if image.format == "JPEG":
                image.draft(image.mode if image.mode in {"RGB", "L"} else None, (width, height))
            image.load()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise too_many_pixels_error(name, None) from None
        except _DECODE_ERRORS as error:
            raise damaged_error(name, error) from None
    return image


def apply_orientation(image: Image.Image) -> Image.Image:
    """Turn the pixels the way the camera's orientation tag says, so no tag is needed."""
    try:
        return ImageOps.exif_transpose(image)
    except (*_DECODE_ERRORS, KeyError, TypeError):
        return image  # an unreadable orientation tag: keep the pixels as stored


def to_srgb(image: Image.Image) -> Image.Image:
    """Return an RGB or RGBA image in sRGB, converted with its ICC profile if it has one.

    The result carries no metadata: no profile, no EXIF, nothing in `info`.
    """
    alpha = None
    if image.mode in {"RGBA", "LA", "PA", "RGBa", "La"} or "transparency" in image.info:
        alpha = image.convert("RGBA").getchannel("A")
    if image.mode in {"P", "PA"}:
        image = image.convert("RGB")
    elif image.mode in {"I", "F"} or image.mode.startswith("I;16"):
        # 16-bit grey: scale to 8 bits rather than clip everything bright to white.
        image = image.convert("I").point(lambda value: value * (1 / 257)).convert("L")
    elif image.mode in {"LA", "La"}:
        image = image.convert("L")
    elif image.mode not in {"RGB", "L", "CMYK"}:
        image = image.convert("RGB")
    profile = image.info.get("icc_profile")
    converted = None
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            converted = None  # a broken or mismatched profile: read the values as sRGB
    if converted is None:
        converted = image.convert("RGB")
    if alpha is not None and alpha.getextrema() != (255, 255):
        converted.putalpha(alpha)
    converted.info = {}
    return converted


def fit_size(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """Return `size` scaled down to fit in `box`, keeping its proportions."""
    width, height = size
    scale = min(box[0] / width, box[1] / height, 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))


def fit(image: Image.Image, box: tuple[int, int]) -> Image.Image:
    """Return the image scaled down to fit in `box` (itself if it already fits)."""
    size = fit_size(image.size, box)
    if size == image.size:
        return image
    resized = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    resized.info = {}
    return resized


def encode_webp(image: Image.Image) -> Variant:
    """Encode as WebP; no EXIF, XMP or ICC chunk is written."""
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=WEBP_QUALITY, alpha_quality=WEBP_QUALITY, exif=b"", xmp=b"")
    return Variant(buffer.getvalue(), image.width, image.height, "image/webp")


def encode_jpeg(image: Image.Image) -> Variant:
    """Encode as a baseline JPEG on white, with no EXIF, XMP or ICC segment."""
    if image.mode == "RGBA":
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, exif=b"")
    return Variant(buffer.getvalue(), image.width, image.height, "image/jpeg")


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))
    except (*_DECODE_ERRORS, KeyError, TypeError):
        return 1


def too_large_error(name: str, size: int) -> RecapError:
    return RecapError.at(
        name,
        f"the picture is {size / 2**20:.0f} MB, more than the {MAX_BYTES // 2**20} MB allowed",
        hint="save a smaller copy; 2000 pixels wide is plenty",
    )


def too_many_pixels_error(name: str, size: tuple[int, int] | None) -> RecapError:
    said = f"{size[0]} x {size[1]} pixels" if size else "too many pixels"
    return RecapError.at(
        name,
        f"the picture has {said}, more than the {MAX_PIXELS // 1_000_000} megapixels allowed",
        hint="save a smaller copy; 2000 pixels wide is plenty",
    )


def svg_error(name: str) -> RecapError:
    return RecapError.at(
        name,
        "SVG pictures are refused: an SVG file can carry scripts that would run in the page",
        hint="export it as PNG or WebP",
    )


def damaged_error(name: str, error: BaseException) -> RecapError:
    reason = str(error).strip() or type(error).__name__
    return RecapError.at(
        name,
        f"the picture cannot be decoded: {reason}",
        hint="the file may be damaged or cut short; export it again",
    )
