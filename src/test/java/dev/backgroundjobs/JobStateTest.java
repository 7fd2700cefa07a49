package dev.backgroundjobs;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JobStateTest {

    @ParameterizedTest
    @CsvSource({"1, QUEUED", "2, RUNNING", "3, FAILED", "4, SUCCEEDED"})
    void phpResqueStatusNumbers(int status, JobState state) {
        assertEquals(state, JobState.ofResqueStatus(status));
    }

    @ParameterizedTest
    @CsvSource({"SCHEDULED, 1", "QUEUED, 1", "RUNNING, 2", "RETRYING, 1", "FAILED, 3", "SUCCEEDED, 4", "CANCELLED, 3", "EXPIRED, 3"})
    void resqueStatusNumbers(JobState state, int status) {
        assertEquals(status, state.resqueStatus());
    }

    @ParameterizedTest
    @EnumSource(value = JobState.class, names = {"SCHEDULED", "RETRYING", "CANCELLED", "EXPIRED"}, mode = EnumSource.Mode.EXCLUDE)
    void everyStateWithANumberOfItsOwnRoundTripsThroughIt(JobState state) {
        assertEquals(state, JobState.ofResqueStatus(state.resqueStatus()));
    }

    @ParameterizedTest
    @CsvSource({"0", "5", "-1"})
    void unknownNumbersAreQueued(int status) {
        assertEquals(JobState.QUEUED, JobState.ofResqueStatus(status));
    }
}
