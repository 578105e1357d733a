package org.wrmf.ml;

import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The params {@link Wrmf} and {@link WrmfModel} share (columns, cold start, recommendations), made in one
 * place so both declare them alike, and the checks of columns and values that name the param at fault.
 */
final class WrmfParamDefs {
    static final String NAN = "nan";
    static final String DROP = "drop";

    private WrmfParamDefs() {}

    static Param<String> userCol(Identifiable owner) {
        return new Param<>(owner, "userCol", "column of user ids: int, long or string");
    }

    static Param<String> itemCol(Identifiable owner) {
        return new Param<>(owner, "itemCol", "column of item ids: int, long or string");
    }

    static Param<String> ratingCol(Identifiable owner) {
        return new Param<>(
                owner,
                "ratingCol",
                "column of numeric weights d (play counts, ratings; summed per (user, item) pair); unset or empty:"
                        + " every like weighs 1");
    }

    static Param<String> predictionCol(Identifiable owner) {
        return new Param<>(owner, "predictionCol", "column transform writes the predicted score x_u.y_i to (float)");
    }

    static Param<String> coldStartStrategy(Identifiable owner) {
        return new Param<>(
                owner,
                "coldStartStrategy",
                "what transform does with a user or item the model does not know: nan (its prediction is NaN) or"
                        + " drop (the row is dropped), as MLlib's ALS");
    }

    static BooleanParam excludeLiked(Identifiable owner) {
        return new BooleanParam(
                owner, "excludeLiked", "recommendations to users skip the items each user liked in the training likes");
    }

    static Param<String> recommendationsCol(Identifiable owner) {
        return new Param<>(
                owner,
                "recommendationsCol",
                "when not empty, transform also writes each row's user's top numRecommendations item ids (best"
                        + " first) to this array column: what RankingMetricsEvaluator scores; empty: not written");
    }

    static IntParam numRecommendations(Identifiable owner) {
        return new IntParam(owner, "numRecommendations", "length of the lists transform writes to recommendationsCol");
    }

    static BooleanParam dedupe(Identifiable owner) {
        return new BooleanParam(
                owner,
                "dedupe",
                "without ratingCol: repeated (user, item) rows count once (true) or as a count (false); with"
                        + " ratingCol their weights are always summed");
    }

    /** The defaults of the shared params. */
    static void setDefaults(
            Params owner,
            Param<String> userCol,
            Param<String> itemCol,
            Param<String> predictionCol,
            Param<String> coldStartStrategy,
            BooleanParam excludeLiked,
            Param<String> recommendationsCol,
            IntParam numRecommendations,
            Param<String> ratingCol,
            BooleanParam dedupe) {
        owner.setDefault(userCol, "user");
        owner.setDefault(itemCol, "item");
        owner.setDefault(predictionCol, "prediction");
        owner.setDefault(coldStartStrategy, NAN);
        owner.setDefault(excludeLiked, true);
        owner.setDefault(recommendationsCol, "");
        owner.setDefault(numRecommendations, 10);
        owner.setDefault(ratingCol, "");
        owner.setDefault(dedupe, true);
    }

    /** IllegalArgumentException naming the param unless the condition holds. */
    static void require(boolean ok, Param<?> param, String message) {
        if (!ok) {
            throw new IllegalArgumentException("param " + param.name() + ": " + message);
        }
    }

    /** The type of an id column: int, long or string, else IllegalArgumentException naming the param. */
    static DataType idType(StructType schema, Param<String> param, String column) {
        StructField field = field(schema, param, column);
        DataType type = field.dataType();
        require(
                type.equals(DataTypes.IntegerType)
                        || type.equals(DataTypes.LongType)
                        || type.equals(DataTypes.StringType),
                param,
                "column '" + column + "' has type " + type.simpleString() + "; ids must be int, long or string");
        return type;
    }

    /** Checks that a weight column is numeric. */
    static void requireNumeric(StructType schema, Param<String> param, String column) {
        DataType type = field(schema, param, column).dataType();
        require(
                type instanceof NumericType,
                param,
                "column '" + column + "' has type " + type.simpleString() + "; weights must be numeric");
    }

    static StructField field(StructType schema, Param<String> param, String column) {
        List<String> names = List.of(schema.fieldNames());
        require(names.contains(column), param, "no column '" + column + "' in the input; it has " + names);
        return schema.apply(column);
    }

    static void requireColdStart(String value, Param<String> param) {
        require(NAN.equals(value) || DROP.equals(value), param, "expected nan or drop, got '" + value + "'");
    }
}
