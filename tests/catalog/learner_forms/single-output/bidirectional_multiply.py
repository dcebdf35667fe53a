# expect: wrong_answer
# feedback: merge_mode='mul'
from tensorflow.keras.layers import Bidirectional, Input, SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential([Input(shape=(3, 2)), Bidirectional(SimpleRNN(4), merge_mode="mul")])
