-- Every neighbour group is small enough for the neighbours' median as neighbour_statistics reads it (from the
-- group's lowest neighbour_median_capacity() values): at most 2 * capacity - 1 neighbours. Fails with each larger
-- group and its size.
select
    neighbour_group_id,
    focus_la_number,
    count(*) as count_neighbours_in_group
from {{ ref('int_lait_neighbour_group_members') }}
group by
    neighbour_group_id,
    focus_la_number
having count(*) > 2 * {{ neighbour_median_capacity() }} - 1
