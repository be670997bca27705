"""What an uploaded design file really is: PDF (read by pypdf) or PNG/JPEG (read by Pillow).

The name and the browser's content type are never trusted; anything else is refused in Japanese.
Images get a JPEG thumbnail; so do PDFs, from their first page rendered by PDFium (pypdfium2,
whose PyPI wheels ship the library). A PDF that PDFium cannot draw is still accepted (pypdf
read it), only without a thumbnail: the screens then link to the file.
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
import warnings
from dataclasses import dataclass
from typing import IO

import pypdfium2  # type: ignore[import-untyped]  # no type information shipped
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader

from fukyu.publicity.models import FileKind

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
THUMBNAIL_PX = 640
IMAGE_FORMATS = {"PNG": FileKind.PNG, "JPEG": FileKind.JPEG}
# PDFium is not thread-safe: one render at a time per process.
_PDFIUM = threading.Lock()
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class InspectedFile:
    kind: FileKind
    size: int
    sha256: str
    page_count: int
    width: int | None = None
    height: int | None = None
    thumbnail: bytes | None = None  # a JPEG: the image, or a PDF's first page


def _read_all(stream: IO[bytes]) -> bytes:
    stream.seek(0)
    data = stream.read(MAX_UPLOAD_BYTES + 1)
    stream.seek(0)
    return data


def _inspect_pdf(data: bytes) -> int:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError("パスワードで保護されたPDFは登録できません")
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors for broken files
        raise ValidationError(
            "PDFとして読み込めません。ファイルが壊れていないか確認してください"
        ) from exc
    if pages < 1:
        raise ValidationError("ページのないPDFは登録できません")
    return pages


def _thumbnail(image: Image.Image) -> bytes:
    copy = image.copy()
    copy.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
    if copy.mode in ("RGBA", "LA", "P"):
        copy = copy.convert("RGBA")
        background = Image.new("RGB", copy.size, (255, 255, 255))
        background.paste(copy, mask=copy.getchannel("A"))
        copy = background
    elif copy.mode != "RGB":
        copy = copy.convert("RGB")
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=80)
    return out.getvalue()


def pdf_first_page(data: bytes, px: int = THUMBNAIL_PX) -> bytes | None:
    """The first page as a JPEG whose longer side is `px`, or None if PDFium cannot draw it."""
    try:
        with _PDFIUM:
            document = pypdfium2.PdfDocument(data)
            try:
                page = document[0]
                width, height = page.get_size()  # points
                scale = px / max(width, height, 1.0)
                bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255))
                image = bitmap.to_pil()
                page.close()
            finally:
                document.close()
    except Exception:  # PDFium reports any failure as PdfiumError or its own errors
        logger.warning("PDFの1ページ目を画像にできませんでした", exc_info=True)
        return None
    return _thumbnail(image)


def _inspect_image(data: bytes) -> tuple[FileKind, int, int, bytes]:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                detected = probe.format or ""
                probe.verify()
            if detected not in IMAGE_FORMATS:
                raise ValidationError(
                    f"登録できるのは PDF・PNG・JPEG だけです（このファイルは {detected} 形式です）"
                )
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                return IMAGE_FORMATS[detected], image.width, image.height, _thumbnail(image)
        except ValidationError:
            raise
        except UnidentifiedImageError as exc:
            raise ValidationError(
                "PDF・PNG・JPEG のいずれでもないファイルです。これらの形式で保存し直してください"
            ) from exc
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ValidationError("画像の画素数が大きすぎます。解像度を下げてください") from exc
        except (OSError, SyntaxError, ValueError) as exc:
            raise ValidationError("画像ファイルが壊れているため読み込めません") from exc


def inspect_upload(stream: IO[bytes]) -> InspectedFile:
    """Read the file's content and say what it is, or raise a Japanese ValidationError."""
    data = _read_all(stream)
    if not data:
        raise ValidationError("ファイルが空です")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"ファイルが大きすぎます（上限 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB）"
        )
    digest = hashlib.sha256(data).hexdigest()
    if b"%PDF-" in data[:1024]:
        pages = _inspect_pdf(data)
        return InspectedFile(
            kind=FileKind.PDF,
            size=len(data),
            sha256=digest,
            page_count=pages,
            thumbnail=pdf_first_page(data),
        )
    kind, width, height, thumb = _inspect_image(data)
    return InspectedFile(
        kind=kind,
        size=len(data),
        sha256=digest,
        page_count=1,
        width=width,
        height=height,
        thumbnail=thumb,
    )
