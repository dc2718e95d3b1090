package id.graduasi.registry.domain;

/** RTSM (rumah tangga sangat miskin): very poor; MISKIN: poor; RENTAN: vulnerable to poverty. */
public enum WelfareCategory {
    RTSM, MISKIN, RENTAN
}
