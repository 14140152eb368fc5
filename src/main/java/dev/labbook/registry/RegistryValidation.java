package dev.labbook.registry;

import dev.labbook.http.MlflowException;
import dev.labbook.model.KeyValue;
import dev.labbook.model.Validation;
import java.util.regex.Pattern;

/** MLflow's rules for registry names, aliases, version numbers and tags (mlflow/utils/validation.py). */
final class RegistryValidation {
    static final int MAX_NAME_LENGTH = 256;
    static final int MAX_TAG_VALUE_LENGTH = 100_000;
    static final int MAX_ALIAS_LENGTH = 255;
    static final int MAX_DESCRIPTION_LENGTH = 5000;
    static final int MAX_SOURCE_LENGTH = 2000;
    static final int MAX_RUN_LINK_LENGTH = 500;
    static final int MAX_RUN_ID_LENGTH = 32;
    static final int MAX_MODEL_ID_LENGTH = 100;
    /** The alias every model has implicitly: its highest live version. */
    static final String LATEST_ALIAS = "latest";

    private static final Pattern ALIAS_CHARS = Pattern.compile("^[\\w\\-]*$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern VERSION_ALIAS = Pattern.compile("^[vV]\\d+$");

    private RegistryValidation() {}

    static void modelName(String name) {
        modelName("name", name);
    }

    static void modelName(String field, String name) {
        if (name == null || name.strip().isEmpty()) {
            throw MlflowException.invalidParameter("Missing value for required parameter '" + field + "'.");
        }
        if (name.contains("/") || name.contains(":")) {
            throw MlflowException.invalidParameter("Invalid model name '" + name + "'. Names cannot contain '/' or ':'.");
        }
        // MLflow refuses names that are not plain file names; without '/', posixpath.normpath leaves a
        // name unchanged, so only "." and names starting with ".." remain to refuse.
        if (name.equals(".") || name.startsWith("..")) {
            throw MlflowException.invalidParameter(Validation.invalidValue("name", name,
                    "Names may be treated as files in certain cases, and must not resolve to other names when"
                            + " treated as such. This name would resolve to '" + name + "'"));
        }
        Validation.lengthLimit(field, MAX_NAME_LENGTH, name);
    }

    static int version(String version) {
        try {
            return Integer.parseInt(version.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw MlflowException.invalidParameter("Parameter 'version' must be an integer, got '" + version + "'.");
        }
    }

    static void aliasName(String alias) {
        if (alias == null || alias.isEmpty()) {
            throw MlflowException.invalidParameter("Registered model alias name cannot be empty.");
        }
        if (!ALIAS_CHARS.matcher(alias).matches()) {
            throw MlflowException.invalidParameter("Invalid alias name: '" + alias + "'. Names may only contain "
                    + "alphanumerics, underscores (_), and dashes (-).");
        }
        Validation.lengthLimit("Registered model alias name", MAX_ALIAS_LENGTH, alias);
    }

    /** "latest" and v<digits> would shadow the names a models:/ URI already gives versions. */
    static void aliasNotReserved(String alias) {
        if (alias.equalsIgnoreCase(LATEST_ALIAS)) {
            throw MlflowException.invalidParameter("'latest' alias name (case insensitive) is reserved.");
        }
        if (VERSION_ALIAS.matcher(alias).matches()) {
            throw MlflowException.invalidParameter("Version alias name '" + alias + "' is reserved.");
        }
    }

    static void tag(KeyValue tag) {
        Validation.keyName("key", tag.key());
        Validation.lengthLimit("value", MAX_TAG_VALUE_LENGTH, tag.value());
    }

    /** Both registry searches bound max_results the same way, each with its own ceiling. */
    static void maxResults(long maxResults, int ceiling) {
        if (maxResults < 1 || maxResults > ceiling) {
            throw MlflowException.invalidParameter("Invalid value for request parameter max_results. It must be at "
                    + "most " + ceiling + " and greater than 0, but got value " + maxResults);
        }
    }
}
