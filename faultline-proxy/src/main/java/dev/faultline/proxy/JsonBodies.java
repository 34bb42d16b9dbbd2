package dev.faultline.proxy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads request bodies the way Toxiproxy's Go decoder does: unknown fields ignored, {@code null}
 * treated as absent, and type mismatches reported with Go's wording so clients that match error
 * text see the same message.
 */
final class JsonBodies {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern UNEXPECTED_CHAR = Pattern.compile("Unexpected character \\('(.)'");
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '(.)");

    private JsonBodies() {
    }

    /** Parses a body; syntax errors become 400 {@code bad request body: <Go-style reason>}. */
    static JsonNode parse(String body) throws ApiException {
        if (body.isBlank()) {
            throw ApiException.badRequestBody("EOF");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonEOFException e) {
            throw ApiException.badRequestBody("unexpected EOF");
        } catch (JsonParseException e) {
            throw ApiException.badRequestBody(describeSyntaxError(e.getOriginalMessage()));
        } catch (IOException e) {
            throw ApiException.badRequestBody(e.getMessage());
        }
    }

    private static String describeSyntaxError(String jacksonMessage) {
        for (Pattern pattern : new Pattern[] {UNEXPECTED_CHAR, UNRECOGNIZED_TOKEN}) {
            Matcher matcher = pattern.matcher(jacksonMessage);
            if (matcher.find()) {
                return "invalid character '" + matcher.group(1) + "' looking for beginning of value";
            }
        }
        return "invalid character in JSON input";
    }

    /** Requires a JSON object, else Go's "cannot unmarshal X into Go value of type T". */
    static JsonNode object(JsonNode node, String goType) throws ApiException {
        if (!node.isObject()) {
            throw ApiException.badRequestBody("json: cannot unmarshal " + kind(node) + " into Go value of type " + goType);
        }
        return node;
    }

    static Optional<String> string(JsonNode parent, String field, String goStruct) throws ApiException {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw mismatch(value, goStruct + "." + field, "string");
        }
        return Optional.of(value.textValue());
    }

    static Optional<Boolean> bool(JsonNode parent, String field, String goStruct) throws ApiException {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw mismatch(value, goStruct + "." + field, "bool");
        }
        return Optional.of(value.booleanValue());
    }

    static Optional<Long> int64(JsonNode parent, String field, String goPath) throws ApiException {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw mismatch(value, goPath, "int64");
        }
        return Optional.of(value.longValue());
    }

    static Optional<Float> float32(JsonNode parent, String field, String goStruct) throws ApiException {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw mismatch(value, goStruct + "." + field, "float32");
        }
        return Optional.of(value.floatValue());
    }

    private static ApiException mismatch(JsonNode value, String goPath, String goType) {
        String what = value.isNumber() ? "number " + value.asText() : kind(value);
        return ApiException.badRequestBody(
                "json: cannot unmarshal " + what + " into Go struct field " + goPath + " of type " + goType);
    }

    private static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "string";
        } else if (node.isNumber()) {
            return "number";
        } else if (node.isBoolean()) {
            return "bool";
        } else if (node.isArray()) {
            return "array";
        }
        return "object";
    }
}
