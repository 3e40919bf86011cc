package dev.tracevault.command.otel;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.tracevault.command.validation.OtlpIds;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Reads OTLP/JSON into the official protobuf messages, field by field from their descriptors. OTLP's
 * JSON is proto3's JSON mapping with its own rules, which is why this is not {@code JsonFormat}: trace
 * and span ids are hex strings (not base64), enums are integers (names are accepted too), unknown
 * fields are ignored, and 64-bit integers may be numbers or strings.
 */
final class OtlpJson {

    private static final Set<String> NON_FINITE = Set.of("NaN", "Infinity", "-Infinity");
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger TWO_32 = BigInteger.ONE.shiftLeft(32);
    private static final Map<Descriptor, Map<String, FieldDescriptor>> FIELDS = new ConcurrentHashMap<>();

    private OtlpJson() {
    }

    static ExportTraceServiceRequest read(JsonNode root) {
        var builder = ExportTraceServiceRequest.newBuilder();
        merge(root, builder, "");
        return builder.build();
    }

    private static void merge(JsonNode node, Message.Builder builder, String path) {
        if (!node.isObject()) {
            throw new OtlpFormatException(where(path) + "an object is expected");
        }
        Map<String, FieldDescriptor> fields = FIELDS.computeIfAbsent(builder.getDescriptorForType(), OtlpJson::fields);
        for (var entry : node.properties()) {
            FieldDescriptor field = fields.get(entry.getKey());
            JsonNode value = entry.getValue();
            if (field == null || value.isNull()) {
                continue; // OTLP/JSON receivers ignore fields they do not know
            }
            String at = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
            if (field.isRepeated()) {
                if (!value.isArray()) {
                    throw new OtlpFormatException(where(at) + "an array is expected");
                }
                int i = 0;
                for (JsonNode item : value.values()) {
                    builder.addRepeatedField(field, value(item, builder, field, at + "[" + i++ + "]"));
                }
            } else {
                builder.setField(field, value(value, builder, field, at));
            }
        }
    }

    private static Map<String, FieldDescriptor> fields(Descriptor descriptor) {
        Map<String, FieldDescriptor> byName = new HashMap<>();
        for (FieldDescriptor field : descriptor.getFields()) {
            byName.put(field.getName(), field);
            byName.put(field.getJsonName(), field);
        }
        return byName;
    }

    private static Object value(JsonNode node, Message.Builder parent, FieldDescriptor field, String path) {
        return switch (field.getJavaType()) {
            case MESSAGE -> {
                Message.Builder child = parent.newBuilderForField(field);
                merge(node, child, path);
                yield child.build();
            }
            case STRING -> {
                if (!node.isString()) {
                    throw new OtlpFormatException(where(path) + "a string is expected");
                }
                yield node.stringValue();
            }
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw new OtlpFormatException(where(path) + "true or false is expected");
                }
                yield node.booleanValue();
            }
            case INT -> integer(node, field, path).intValue();
            case LONG -> integer(node, field, path).longValue();
            case DOUBLE -> floating(node, path);
            case FLOAT -> (float) floating(node, path);
            case ENUM -> enumValue(node, field, path);
            case BYTE_STRING -> bytes(node, field, path);
        };
    }

    /** An integer within the field's range; unsigned 64-bit values keep their bits in a long. */
    private static BigInteger integer(JsonNode node, FieldDescriptor field, String path) {
        BigInteger value;
        try {
            if (node.isIntegralNumber()) {
                value = node.bigIntegerValue();
            } else if (node.isNumber()) {
                value = node.decimalValue().toBigIntegerExact();
            } else if (node.isString()) {
                value = new BigDecimal(node.stringValue().trim()).toBigIntegerExact();
            } else {
                throw new OtlpFormatException(where(path) + "an integer is expected");
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new OtlpFormatException(where(path) + "an integer is expected");
        }
        boolean unsigned = switch (field.getType()) {
            case UINT32, FIXED32, UINT64, FIXED64 -> true;
            default -> false;
        };
        boolean wide = field.getJavaType() == FieldDescriptor.JavaType.LONG;
        BigInteger min = unsigned ? BigInteger.ZERO
                : wide ? BigInteger.valueOf(Long.MIN_VALUE) : BigInteger.valueOf(Integer.MIN_VALUE);
        BigInteger max = unsigned ? (wide ? TWO_64 : TWO_32).subtract(BigInteger.ONE)
                : wide ? BigInteger.valueOf(Long.MAX_VALUE) : BigInteger.valueOf(Integer.MAX_VALUE);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new OtlpFormatException(where(path) + "out of range");
        }
        return value;
    }

    private static double floating(JsonNode node, String path) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isString()) {
            String text = node.stringValue().trim();
            if (NON_FINITE.contains(text)) {
                return Double.parseDouble(text);
            }
            try {
                return new BigDecimal(text).doubleValue();
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new OtlpFormatException(where(path) + "a number is expected");
    }

    private static Object enumValue(JsonNode node, FieldDescriptor field, String path) {
        var type = field.getEnumType();
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return type.findValueByNumberCreatingIfUnknown(node.intValue());
        }
        if (node.isString() && type.findValueByName(node.stringValue()) != null) {
            return type.findValueByName(node.stringValue());
        }
        throw new OtlpFormatException(where(path) + "not a value of " + type.getName());
    }

    private static ByteString bytes(JsonNode node, FieldDescriptor field, String path) {
        if (!node.isString()) {
            throw new OtlpFormatException(where(path) + "a string is expected");
        }
        String text = node.stringValue();
        Integer idLength = OtlpIds.length(field.getName());
        if (idLength != null) {
            if (text.isEmpty()) {
                return ByteString.EMPTY;
            }
            if (text.length() != idLength * 2 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new OtlpFormatException(where(path) + "a " + idLength * 2 + "-digit hex id is expected");
            }
            return ByteString.copyFrom(HexFormat.of().parseHex(text));
        }
        try {
            return ByteString.copyFrom(text.contains("-") || text.contains("_")
                    ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new OtlpFormatException(where(path) + "base64 is expected");
        }
    }

    private static String where(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }
}
