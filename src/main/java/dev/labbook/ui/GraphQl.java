package dev.labbook.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the subset of GraphQL the MLflow web UI sends: query and mutation operations with
 * variable definitions (and defaults), directives (parsed and ignored), nested selection sets,
 * aliases, arguments with every literal kind, fragments and inline fragments.
 */
final class GraphQl {
    static final int MAX_DEPTH = 10;
    static final int MAX_SELECTIONS = 1000;

    private GraphQl() {}

    /** A syntax or validation error, reported as an `errors` entry. */
    static final class GraphQlException extends RuntimeException {
        GraphQlException(String message) {
            super(message);
        }
    }

    sealed interface Selection permits Field, FragmentSpread, InlineFragment {}

    record Field(String alias, String name, Map<String, Value> arguments, List<Selection> selections)
            implements Selection {
        String responseKey() {
            return alias == null ? name : alias;
        }
    }

    record FragmentSpread(String name) implements Selection {}

    record InlineFragment(String typeCondition, List<Selection> selections) implements Selection {}

    record VariableDefinition(String name, Value defaultValue) {}

    record Operation(String kind, String name, List<VariableDefinition> variables, List<Selection> selections) {}

    record Fragment(String name, String typeCondition, List<Selection> selections) {}

    record Document(List<Operation> operations, Map<String, Fragment> fragments) {}

    /** A literal or a variable reference, turned into JSON once the variables are known. */
    sealed interface Value permits Literal, Variable, ListValue, ObjectValue {}

    record Literal(JsonNode node) implements Value {}

    record Variable(String name) implements Value {}

    record ListValue(List<Value> items) implements Value {}

    record ObjectValue(Map<String, Value> fields) implements Value {}

    static JsonNode toJson(Value value, JsonNode variables) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (value) {
            case Literal l -> l.node();
            case Variable v -> variables != null && variables.has(v.name()) ? variables.get(v.name()) : f.nullNode();
            case ListValue l -> {
                ArrayNode array = f.arrayNode();
                l.items().forEach(i -> array.add(toJson(i, variables)));
                yield array;
            }
            case ObjectValue o -> {
                ObjectNode object = f.objectNode();
                o.fields().forEach((k, v) -> object.set(k, toJson(v, variables)));
                yield object;
            }
        };
    }

    static Document parse(String source) {
        if (source == null || source.isBlank()) {
            throw new GraphQlException("Syntax Error: the query is empty.");
        }
        return new Parser(source).document();
    }

    private static final class Parser {
        private final String src;
        private int pos;
        private int selections;

        Parser(String src) {
            this.src = src;
        }

        Document document() {
            List<Operation> operations = new ArrayList<>();
            Map<String, Fragment> fragments = new LinkedHashMap<>();
            skipIgnored();
            while (pos < src.length()) {
                if (peek('{')) {
                    operations.add(new Operation("query", null, List.of(), selectionSet(1)));
                } else {
                    String keyword = name();
                    switch (keyword) {
                        case "query", "mutation", "subscription" -> operations.add(operation(keyword));
                        case "fragment" -> {
                            String name = name();
                            expectName("on");
                            String type = name();
                            directives();
                            if (fragments.put(name, new Fragment(name, type, selectionSet(1))) != null) {
                                throw new GraphQlException("There can be only one fragment named '" + name + "'.");
                            }
                        }
                        default -> throw error("Unexpected Name \"" + keyword + "\"");
                    }
                }
                skipIgnored();
            }
            if (operations.isEmpty()) {
                throw new GraphQlException("Syntax Error: the document has no operation.");
            }
            return new Document(operations, fragments);
        }

        private Operation operation(String kind) {
            String name = null;
            if (peekNameStart()) {
                name = name();
            }
            List<VariableDefinition> variables = new ArrayList<>();
            if (accept('(')) {
                while (!accept(')')) {
                    expect('$');
                    String variable = name();
                    expect(':');
                    type();
                    Value defaultValue = null;
                    if (accept('=')) {
                        defaultValue = value(true);
                    }
                    directives();
                    variables.add(new VariableDefinition(variable, defaultValue));
                }
            }
            directives();
            return new Operation(kind, name, variables, selectionSet(1));
        }

        private void type() {
            if (accept('[')) {
                type();
                expect(']');
            } else {
                name();
            }
            accept('!');
        }

        private void directives() {
            while (accept('@')) {
                name();
                if (peek('(')) {
                    arguments(true);
                }
            }
        }

        private List<Selection> selectionSet(int depth) {
            if (depth > MAX_DEPTH) {
                throw new GraphQlException("Query exceeds the maximum depth of " + MAX_DEPTH + ".");
            }
            expect('{');
            List<Selection> list = new ArrayList<>();
            while (!accept('}')) {
                if (++selections > MAX_SELECTIONS) {
                    throw new GraphQlException("Query exceeds the maximum of " + MAX_SELECTIONS + " selections.");
                }
                if (src.startsWith("...", pos)) {
                    pos += 3;
                    skipIgnored();
                    String type = null;
                    if (peekNameStart()) {
                        String name = name();
                        if (!name.equals("on")) {
                            directives();
                            list.add(new FragmentSpread(name));
                            continue;
                        }
                        type = name();
                    }
                    directives();
                    list.add(new InlineFragment(type, selectionSet(depth + 1)));
                    continue;
                }
                String first = name();
                String alias = null;
                String name = first;
                if (accept(':')) {
                    alias = first;
                    name = name();
                }
                Map<String, Value> args = peek('(') ? arguments(false) : Map.of();
                directives();
                List<Selection> children = peek('{') ? selectionSet(depth + 1) : List.of();
                list.add(new Field(alias, name, args, children));
            }
            if (list.isEmpty()) {
                throw error("Expected Name, found \"}\"");
            }
            return list;
        }

        private Map<String, Value> arguments(boolean constant) {
            expect('(');
            Map<String, Value> args = new LinkedHashMap<>();
            while (!accept(')')) {
                String name = name();
                expect(':');
                args.put(name, value(constant));
            }
            return args;
        }

        private Value value(boolean constant) {
            skipIgnored();
            JsonNodeFactory f = JsonNodeFactory.instance;
            if (pos >= src.length()) {
                throw error("Unexpected <EOF>");
            }
            char c = src.charAt(pos);
            if (c == '$') {
                if (constant) {
                    throw error("Unexpected variable in a constant value");
                }
                pos++;
                return new Variable(name());
            }
            if (c == '[') {
                pos++;
                List<Value> items = new ArrayList<>();
                while (!accept(']')) {
                    items.add(value(constant));
                }
                return new ListValue(items);
            }
            if (c == '{') {
                pos++;
                Map<String, Value> fields = new LinkedHashMap<>();
                while (!accept('}')) {
                    String name = name();
                    expect(':');
                    fields.put(name, value(constant));
                }
                return new ObjectValue(fields);
            }
            if (c == '"') {
                return new Literal(f.textNode(string()));
            }
            if (c == '-' || Character.isDigit(c)) {
                int start = pos;
                pos++;
                while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || "+-.eE".indexOf(src.charAt(pos)) >= 0)) {
                    pos++;
                }
                String number = src.substring(start, pos);
                try {
                    if (number.matches("-?\\d+")) {
                        return new Literal(f.numberNode(new java.math.BigInteger(number)));
                    }
                    return new Literal(f.numberNode(Double.parseDouble(number)));
                } catch (NumberFormatException e) {
                    throw error("Invalid number " + number);
                }
            }
            String name = name();
            return switch (name) {
                case "true" -> new Literal(f.booleanNode(true));
                case "false" -> new Literal(f.booleanNode(false));
                case "null" -> new Literal(f.nullNode());
                default -> new Literal(f.textNode(name)); // an enum value
            };
        }

        private String string() {
            if (src.startsWith("\"\"\"", pos)) {
                int end = src.indexOf("\"\"\"", pos + 3);
                if (end < 0) {
                    throw error("Unterminated string");
                }
                String text = src.substring(pos + 3, end);
                pos = end + 3;
                return text.strip();
            }
            pos++;
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= src.length()) {
                    throw error("Unterminated string");
                }
                char c = src.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\n' || c == '\r') {
                    throw error("Unterminated string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (pos >= src.length()) {
                    throw error("Unterminated string");
                }
                char e = src.charAt(pos++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (pos + 4 > src.length()) {
                            throw error("Invalid unicode escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(src.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("Invalid unicode escape");
                        }
                        pos += 4;
                    }
                    default -> out.append(e);
                }
            }
        }

        private String name() {
            skipIgnored();
            if (!peekNameStart()) {
                throw error(pos >= src.length() ? "Expected Name, found <EOF>" : "Expected Name, found \"" + src.charAt(pos) + "\"");
            }
            int start = pos;
            while (pos < src.length() && isNameChar(src.charAt(pos))) {
                pos++;
            }
            return src.substring(start, pos);
        }

        private void expectName(String word) {
            String found = name();
            if (!found.equals(word)) {
                throw error("Expected \"" + word + "\", found Name \"" + found + "\"");
            }
        }

        private boolean peekNameStart() {
            skipIgnored();
            if (pos >= src.length()) {
                return false;
            }
            char c = src.charAt(pos);
            return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        }

        private static boolean isNameChar(char c) {
            return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        }

        private boolean peek(char c) {
            skipIgnored();
            return pos < src.length() && src.charAt(pos) == c;
        }

        private boolean accept(char c) {
            if (peek(c)) {
                pos++;
                return true;
            }
            if (pos >= src.length() && c != '\0') {
                throw error("Unexpected <EOF>");
            }
            return false;
        }

        private void expect(char c) {
            if (!accept(c)) {
                throw error("Expected \"" + c + "\", found \"" + src.charAt(pos) + "\"");
            }
        }

        private void skipIgnored() {
            while (pos < src.length()) {
                char c = src.charAt(pos);
                if (c == '#') {
                    while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
                        pos++;
                    }
                } else if (Character.isWhitespace(c) || c == ',' || c == '\uFEFF') {
                    pos++;
                } else {
                    return;
                }
            }
        }

        private GraphQlException error(String message) {
            return new GraphQlException("Syntax Error: " + message + " at position " + pos + ".");
        }
    }
}
