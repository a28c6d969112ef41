package dev.measureme.server.ingest;

import dev.measureme.core.event.EventLimits;
import dev.measureme.server.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.springframework.http.HttpStatus;

/**
 * Reads a request body without ever holding more than the limit: the limit applies after decompression, so
 * a gzip bomb stops at 1 MiB + 1 byte.
 */
final class RequestBody {

    private RequestBody() {}

    static byte[] read(InputStream raw, long contentLength, String contentEncoding) throws IOException {
        int limit = EventLimits.MAX_BODY_BYTES;
        boolean gzip = contentEncoding != null && contentEncoding.trim().equalsIgnoreCase("gzip");
        if (contentEncoding != null && !gzip && !contentEncoding.trim().equalsIgnoreCase("identity")) {
            throw new ApiException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding", "only gzip and identity are supported");
        }
        if (!gzip && contentLength > limit) {
            throw tooLarge();
        }
        try (InputStream in = gzip ? new GZIPInputStream(raw, 8192) : raw) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw tooLarge();
            }
            return body;
        } catch (ZipException | java.io.EOFException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "body", "not valid gzip: " + e.getMessage());
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "body", "body is larger than 1 MiB after decompression");
    }
}
