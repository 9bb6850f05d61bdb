"""The award (stage 8, 表扬授奖) and after: the city government's approval, certificates, the
commendation notice, revocations (动态管理), the edition's statistics and its archive."""
