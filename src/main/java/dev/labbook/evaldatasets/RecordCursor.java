package dev.labbook.evaldatasets;

import dev.labbook.http.MlflowException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The page token of GetDatasetRecords, in MLflow's format: base64 of "created_time:dataset_record_id"
 * of the last record sent. The next page is the records strictly after that pair, so records added
 * while a client pages are neither skipped nor sent twice.
 */
record RecordCursor(long createdTime, String recordId) {

    static RecordCursor after(EvalRecord last) {
        return new RecordCursor(last.createdTime(), last.recordId());
    }

    String token() {
        return Base64.getEncoder().encodeToString((createdTime + ":" + recordId).getBytes(StandardCharsets.UTF_8));
    }

    /** Null for no token; anything that is not such a token is the caller's error. */
    static RecordCursor parse(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(token.trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                return new RecordCursor(Long.parseLong(decoded.substring(0, colon)), decoded.substring(colon + 1));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below (NumberFormatException is one too)
        }
        throw MlflowException.invalidParameter("Invalid page token '" + token + "': expected the next_page_token "
                + "of an earlier GetDatasetRecords answer");
    }
}
