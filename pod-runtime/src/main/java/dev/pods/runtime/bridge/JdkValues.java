package dev.pods.runtime.bridge;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.KryoException;
import com.esotericsoftware.kryo.kryo5.Serializer;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.TimeZone;

/**
 * JDK value types whose Kryo serializers lose part of the value, replaced by faithful ones:
 * Kryo writes a {@code Locale} without its script and extensions, a {@code ZonedDateTime}
 * without its offset (in a daylight-saving overlap it comes back an hour off), a
 * {@code Calendar} as whatever calendar the default locale makes, a {@code TimeZone} by id alone
 * (an unknown id becomes GMT), and a {@code java.sql.Timestamp} without its nanoseconds.
 */
final class JdkValues {
    /** java.sql.Timestamp where the running JDK has the java.sql module, else null. */
    static final Class<?> TIMESTAMP = load("java.sql.Timestamp");

    private JdkValues() {
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ClassLoader.getPlatformClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** A zone by id, refused when the id does not give back the same rules on the other side. */
    static final class TimeZoneCopy extends Serializer<TimeZone> {
        TimeZoneCopy() {
            setImmutable(false);
        }

        @Override
        public void write(Kryo kryo, Output output, TimeZone tz) {
            output.writeString(checkedId(tz));
        }

        @Override
        public TimeZone read(Kryo kryo, Input input, Class<? extends TimeZone> type) {
            return TimeZone.getTimeZone(input.readString());
        }

        static String checkedId(TimeZone tz) {
            String id = tz.getID();
            TimeZone known = TimeZone.getTimeZone(id);
            if (known.getClass() != tz.getClass() || !known.getID().equals(id) || !known.hasSameRules(tz)) {
                throw new Failures.Refusal(tz.getClass().getName(), "the time zone " + id + " has rules of its own"
                        + " that its id does not name: pass a java.time.ZoneId, or a TimeZone from TimeZone.getTimeZone(id)");
            }
            return id;
        }
    }

    /** A calendar rebuilt with its own calendar type, zone, instant, week rules and leniency. */
    static final class CalendarCopy extends Serializer<Calendar> {
        @Override
        public void write(Kryo kryo, Output output, Calendar c) {
            output.writeString(c.getCalendarType());
            output.writeString(TimeZoneCopy.checkedId(c.getTimeZone()));
            output.writeVarLong(c.getTimeInMillis(), false);
            output.writeBoolean(c.isLenient());
            output.writeVarInt(c.getFirstDayOfWeek(), true);
            output.writeVarInt(c.getMinimalDaysInFirstWeek(), true);
            output.writeBoolean(c instanceof GregorianCalendar);
            if (c instanceof GregorianCalendar) {
                output.writeVarLong(((GregorianCalendar) c).getGregorianChange().getTime(), false);
            }
        }

        @Override
        public Calendar read(Kryo kryo, Input input, Class<? extends Calendar> type) {
            String calendarType = input.readString();
            TimeZone tz = TimeZone.getTimeZone(input.readString());
            long millis = input.readVarLong(false);
            boolean lenient = input.readBoolean();
            int firstDay = input.readVarInt(true);
            int minimalDays = input.readVarInt(true);
            Long gregorianChange = input.readBoolean() ? input.readVarLong(false) : null;
            Calendar c;
            try {
                c = new Calendar.Builder().setCalendarType(calendarType).setTimeZone(tz).setLenient(lenient)
                        .setWeekDefinition(firstDay, minimalDays).setInstant(millis).build();
            } catch (IllegalArgumentException e) {
                throw new KryoException("corrupt calendar: " + e.getMessage(), e);
            }
            if (gregorianChange != null && c instanceof GregorianCalendar) {
                ((GregorianCalendar) c).setGregorianChange(new Date(gregorianChange));
                c.setTimeInMillis(millis);
            }
            if (c.getClass() != type) {
                throw new KryoException("a " + type.getName() + " was written, and its calendar type "
                        + calendarType + " makes a " + c.getClass().getName() + " here");
            }
            return c;
        }
    }

    /** A locale by its language tag when the tag gives it back, else by its three legacy parts. */
    static final class LocaleCopy extends Serializer<Locale> {
        LocaleCopy() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, Locale l) {
            String tag = l.toLanguageTag();
            if (Locale.forLanguageTag(tag).equals(l)) {
                output.writeBoolean(true);
                output.writeString(tag);
                return;
            }
            if (!new Locale(l.getLanguage(), l.getCountry(), l.getVariant()).equals(l)) {
                throw new Failures.Refusal(Locale.class.getName(), "the locale " + l + " can be written neither as a"
                        + " language tag nor by its language, country and variant");
            }
            output.writeBoolean(false);
            output.writeString(l.getLanguage());
            output.writeString(l.getCountry());
            output.writeString(l.getVariant());
        }

        @Override
        public Locale read(Kryo kryo, Input input, Class<? extends Locale> type) {
            if (input.readBoolean()) {
                return Locale.forLanguageTag(input.readString());
            }
            return new Locale(input.readString(), input.readString(), input.readString());
        }
    }

    /** Local date-time, offset and zone: exact in a daylight-saving overlap too. */
    static final class ZonedDateTimeCopy extends Serializer<ZonedDateTime> {
        ZonedDateTimeCopy() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, ZonedDateTime t) {
            kryo.writeObject(output, t.toLocalDateTime());
            output.writeVarInt(t.getOffset().getTotalSeconds(), false);
            output.writeString(t.getZone().getId());
        }

        @Override
        public ZonedDateTime read(Kryo kryo, Input input, Class<? extends ZonedDateTime> type) {
            LocalDateTime local = kryo.readObject(input, LocalDateTime.class);
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(input.readVarInt(false));
            return ZonedDateTime.ofInstant(local, offset, ZoneId.of(input.readString()));
        }
    }
}
